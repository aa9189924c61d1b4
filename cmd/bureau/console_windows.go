package main

// Console output on Windows.
//
// The release build of bureau.exe is linked as a GUI program
// (-ldflags -H=windowsgui) so that opening Bureau from the Start menu shows
// no black console window. Windows gives a GUI program no console: started
// from cmd or PowerShell with a subcommand, its output would vanish. So,
// before main runs, a command line that is not just "open the app" attaches
// the process to the console of the window it was started from and points
// os.Stdout, os.Stderr and os.Stdin at it. Streams that are already usable
// (redirected to a file or a pipe, or the console of bureau-cli.exe, which
// is linked as a console program) are left alone.
//
// Known limitation of the attach: cmd and PowerShell do not wait for a GUI
// program, so the prompt comes back before the output and the exit status
// is lost. bureau-cli.exe, shipped beside bureau.exe, has neither problem
// and is the one to use in a terminal or a script.

import (
	"log"
	"os"
	"strings"

	"golang.org/x/sys/windows"
)

// AttachConsole is not in golang.org/x/sys/windows.
var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

const attachParentProcess = uintptr(^uint32(0)) // ATTACH_PARENT_PROCESS, (DWORD)-1

func init() {
	if wantsConsole(os.Args[1:]) {
		attachParentConsole()
	}
}

// wantsConsole reports whether args ask for more than opening the GUI: a
// subcommand, --version, --help or a mistake to report. Only --db, --lang
// and --smoke-test (with their values) leave the GUI alone.
func wantsConsole(args []string) bool {
	for i := 0; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") || args[i] == "-" || args[i] == "--" {
			return true
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(args[i], "-"), "=")
		switch name {
		case "db", "lang":
			if !hasValue {
				if i+1 == len(args) {
					return true // a missing value: the error must be seen
				}
				i++ // the value is the next argument
			}
		case "smoke-test":
		default:
			return true
		}
	}
	return false
}

// attachParentConsole gives the process the console of its parent, for
// the standard streams that have no usable handle.
func attachParentConsole() {
	out := usable(windows.STD_OUTPUT_HANDLE)
	errOK := usable(windows.STD_ERROR_HANDLE)
	in := usable(windows.STD_INPUT_HANDLE)
	if out && errOK && in {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return // started from Explorer or a shortcut: no console to write to
	}
	if !out {
		if f := openConsole("CONOUT$", windows.STD_OUTPUT_HANDLE, "/dev/stdout"); f != nil {
			os.Stdout = f
		}
	}
	if !errOK {
		if f := openConsole("CONOUT$", windows.STD_ERROR_HANDLE, "/dev/stderr"); f != nil {
			os.Stderr = f
			log.SetOutput(f) // slog's default handler writes through log
		}
	}
	if !in {
		if f := openConsole("CONIN$", windows.STD_INPUT_HANDLE, "/dev/stdin"); f != nil {
			os.Stdin = f
		}
	}
}

// usable reports whether the standard handle std can be read or written:
// a console, a file or a pipe.
func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

// openConsole opens the console input or output as a standard stream. The
// handle comes from CreateFile rather than os.OpenFile so that os.NewFile
// recognises a console and writes UTF-16 (accents print right whatever
// the console's code page).
func openConsole(name string, std uint32, fileName string) *os.File {
	p, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return nil
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return nil
	}
	_ = windows.SetStdHandle(std, h)
	return os.NewFile(uintptr(h), fileName)
}
