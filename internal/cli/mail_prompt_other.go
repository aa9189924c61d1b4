//go:build !linux

package cli

import (
	"bufio"
	"os"
	"strings"
)

// isTerminal reports whether f looks like an interactive console.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// readHidden reads a line; on this system the typing stays visible, so
// prefer --password-stdin or the system keyring.
func readHidden(f *os.File) (string, error) {
	line, err := bufio.NewReader(f).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}
