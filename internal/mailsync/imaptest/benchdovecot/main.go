// Command benchdovecot starts a private Dovecot holding N generated
// partner messages in INBOX, for scripts/bench-mail.sh. It prints the
// connection details as shell assignments, then "READY", and runs until
// it is interrupted (SIGINT or SIGTERM).
//
//	go run ./internal/mailsync/imaptest/benchdovecot -n 10000 -dir /tmp/x
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/bureau-asso/bureau/internal/mailsync/imaptest"
)

func main() {
	n := flag.Int("n", 10000, "messages in INBOX")
	dir := flag.String("dir", "", "folder for Dovecot's files (created)")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "benchdovecot: -dir is required")
		os.Exit(2)
	}
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "benchdovecot:", err)
		os.Exit(1)
	}
}

func run(n int, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	srv, err := imaptest.New(dir)
	if err != nil {
		return err
	}
	defer srv.Stop()
	start := time.Now()
	msgs := imaptest.Generate(n, 1)
	raws := make([][]byte, len(msgs))
	var size int
	for i, m := range msgs {
		raws[i] = m.Bytes()
		size += len(raws[i])
	}
	if err := srv.WriteMaildir("INBOX", raws); err != nil {
		return err
	}
	// The partners' organisations, for "bureau contacts import".
	csvPath := filepath.Join(dir, "partners.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Comma = ';'
	w.Write([]string{"Nom de l'organisation", "Site web"})
	for _, p := range imaptest.Partners {
		w.Write([]string{p.Name, "https://www." + p.Domain})
	}
	w.Flush()
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("HOST=%s\nPORT=%d\nUSER='%s'\nPASSWORD='%s'\nMESSAGES=%d\nBYTES=%d\nPARTNERS_CSV='%s'\n",
		srv.Host, srv.Port, srv.User, srv.Password, n, size, csvPath)
	fmt.Fprintf(os.Stderr, "benchdovecot: %d messages (%d MB) seeded in %v\n", n, size>>20, time.Since(start).Round(time.Millisecond))
	fmt.Println("READY")
	os.Stdout.Sync()

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}
