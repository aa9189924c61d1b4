package imaptest

import (
	"os/exec"
	"syscall"
)

// dieWithParent stops Dovecot's master when the test binary dies
// without cleaning up.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
