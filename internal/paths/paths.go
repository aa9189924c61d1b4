// Package paths tells where Bureau keeps its data on each system: the
// user's data folder (XDG on Linux, %AppData% on Windows, Application
// Support on macOS), overridden by --db or BUREAU_DB.
package paths

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvDB names the environment variable that overrides the database path.
const EnvDB = "BUREAU_DB"

// DataDir returns the folder that holds Bureau's database and backups.
func DataDir() (string, error) {
	return dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func dataDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			return filepath.Join(d, "Bureau"), nil
		}
		return "", errors.New("APPDATA is not set")
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Application Support", "Bureau"), nil
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "bureau"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, ".local", "share", "bureau"), nil
	}
}

// DBPath returns the database to open: flag if set, else $BUREAU_DB, else
// bureau.db in DataDir.
func DBPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if e := os.Getenv(EnvDB); e != "" {
		return e, nil
	}
	d, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "bureau.db"), nil
}

// BackupDir returns the folder of automatic backups for the database at
// dbPath: a "sauvegardes" folder beside it.
func BackupDir(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "sauvegardes")
}
