#!/usr/bin/env bash
# First sync of a 10,000-message IMAP folder, side by side on the same
# machine and the same local Dovecot: mbsync (isync) copying the folder
# into a Maildir, and `bureau mail sync` storing it (decoded, indexed for
# search, threaded, linked to contacts). Also times a sync with nothing
# new. Not part of `make test`.
#
# Usage: scripts/bench-mail.sh            (N=10000 ROUNDS=3 by default)
#        N=2000 ROUNDS=1 scripts/bench-mail.sh
# Needs: dovecot-imapd and isync (scripts/install-deps.sh bench).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
export LANG=fr_FR.UTF-8 # as the Makefile: Fyne refuses the C locale
N=${N:-10000}
ROUNDS=${ROUNDS:-3}

scripts/install-deps.sh bench
make -s build >/dev/null
bureau="$PWD/build/bureau"

work=$(mktemp -d /tmp/bureau-bench-mail.XXXXXX)
chmod 755 "$work"
cleanup() {
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/benchdovecot" ./internal/mailsync/imaptest/benchdovecot
"$work/benchdovecot" -n "$N" -dir "$work/dovecot" >"$work/env" 2>"$work/server.log" </dev/null &
server_pid=$!
for _ in $(seq 600); do
  grep -q '^READY$' "$work/env" 2>/dev/null && break
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
  sleep 0.1
done
grep -q '^READY$' "$work/env" || { echo "Dovecot did not start" >&2; cat "$work/server.log" >&2; exit 1; }
# shellcheck disable=SC1090
source <(grep -v '^READY$' "$work/env")
cat "$work/server.log"

mbsync_rc() { # $1: maildir, $2: FSync yes|no
  [ "$2" = no ] && printf 'FSync no\n\n'
  cat <<EOF
IMAPAccount bench
Host $HOST
Port $PORT
User "$USER"
Pass "$PASSWORD"
SSLType None
AuthMechs LOGIN
PipelineDepth 50

IMAPStore remote
Account bench

MaildirStore local
Path $1/
Inbox $1/INBOX

Channel bench
Far :remote:
Near :local:
Patterns INBOX
Create Near
Sync Pull
SyncState *
EOF
}

seconds() { # runs "$@", prints the wall time in seconds
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; return 1; }
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l | xargs printf '%.2f'
}

run_mbsync() { # $1: FSync yes|no
  local d="$work/maildir-$RANDOM$RANDOM"
  mkdir -p "$d"
  mbsync_rc "$d" "$1" >"$work/mbsyncrc"
  seconds mbsync -c "$work/mbsyncrc" -q bench
  local n
  n=$(find "$d/INBOX" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l)
  [ "$n" -eq "$N" ] || { echo "mbsync copied $n messages, want $N" >&2; exit 1; }
  rm -rf "$d"
}

run_bureau() {
  local db="$work/bureau-$RANDOM$RANDOM.db"
  "$bureau" --db "$db" contacts import "$PARTNERS_CSV" >/dev/null
  echo "$PASSWORD" | "$bureau" --db "$db" mail account add --host "$HOST" --port "$PORT" --user "$USER" \
    --plain-for-tests --password-stdin --name bench >/dev/null 2>&1
  local t
  t=$(echo "$PASSWORD" | seconds "$bureau" --db "$db" mail sync --password-stdin)
  local got
  got=$("$bureau" --db "$db" mail threads --limit 100000 | wc -l)
  [ "$got" -gt 0 ] || { echo "bureau stored no thread" >&2; exit 1; }
  if [ "${1:-}" = noop ]; then
    local best=999
    for _ in 1 2 3 4 5; do
      local n
      n=$(echo "$PASSWORD" | seconds "$bureau" --db "$db" mail sync --password-stdin)
      best=$(echo "if ($n < $best) $n else $best" | bc -l)
    done
    printf '%s %.2f\n' "$t" "$best"
  else
    echo "$t"
  fi
  rm -f "$db" "$db"-*
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

echo "Warm-up (not counted)…"
run_mbsync yes >/dev/null
run_bureau >/dev/null

: >"$work/mbsync.t"; : >"$work/mbsync-nofsync.t"; : >"$work/bureau.t"; : >"$work/noop.t"
for r in $(seq "$ROUNDS"); do
  a=$(run_mbsync yes); b=$(run_mbsync no); c=$(run_bureau noop)
  echo "$a" >>"$work/mbsync.t"; echo "$b" >>"$work/mbsync-nofsync.t"
  echo "${c% *}" >>"$work/bureau.t"; echo "${c#* }" >>"$work/noop.t"
  echo "round $r: mbsync ${a}s, mbsync (FSync no) ${b}s, bureau mail sync ${c% *}s, bureau no-op sync ${c#* }s"
done

mb=$(median <"$work/mbsync.t"); mbn=$(median <"$work/mbsync-nofsync.t"); bu=$(median <"$work/bureau.t"); no=$(median <"$work/noop.t")
cat <<EOF

First sync of $N messages ($((BYTES / 1048576)) MB) from a local Dovecot, median of $ROUNDS rounds, $(nproc) cores:
  mbsync (isync $(mbsync --version | awk '{print $2}'), FSync yes, default) : ${mb} s
  mbsync (FSync no)                        : ${mbn} s
  bureau mail sync (whole command)         : ${bu} s
Sync with nothing new (bureau mail sync, best of 5, whole command incl. start-up): ${no} s
EOF
