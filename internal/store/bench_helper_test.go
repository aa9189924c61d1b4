package store_test

import "os"

// tempDirForBench returns a folder for benchmark databases that outlive a
// single benchmark function (b.TempDir would delete it between them).
func tempDirForBench() (string, error) {
	return os.MkdirTemp("", "bureau-bench-")
}
