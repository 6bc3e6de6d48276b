#!/usr/bin/env bash
# trustwatch against the sqlite3 C CLI's FTS5 on the same generated corpus,
# side by side in one run (issue 15's table): indexing from scratch, and a
# whole `trustwatch ask --json` process on an unchanged corpus against a
# whole `sqlite3` process running a ranked FTS5 query with snippet.
#
#   cmd/benchfts5/run.sh                      # 20k articles
#   N=100000 INDEX_RUNS=1 cmd/benchfts5/run.sh
#   OLD=/path/to/trustwatch cmd/benchfts5/run.sh   # a second binary too
#
# Settings (environment): N articles (20000); DIR, where the corpus, the
# indexes and the binary go (/tmp/trustwatch-fts5; the corpus is kept and
# reused); INDEX_RUNS (2) and ASK_RUNS (3), each run alternating the
# programs (INDEX_RUNS=0 asks of the indexes a previous run left in DIR); OLD, another trustwatch binary measured in the same runs
# (the previous version, say). The articles are invented (index/gen_test.go),
# about 5.7 KB each, with their vendors in a registry file given to
# trustwatch as TRUSTWATCH_VENDORS. Each figure is per run; the machine
# may be busy, so the ratio within a run is the one to read.
#
# Needs go, sqlite3 (apt-get install sqlite3) and GNU time (/usr/bin/time)
# for peak memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-20000}
DIR=${DIR:-/tmp/trustwatch-fts5}
INDEX_RUNS=${INDEX_RUNS:-2}
ASK_RUNS=${ASK_RUNS:-3}
OLD=${OLD:-}
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }

mkdir -p "$DIR"
corpus=$DIR/corpus-$N
if [ ! -f "$corpus/.done" ]; then
	echo "== writing $N generated articles to $corpus" >&2
	rm -rf "$corpus"
	TRUSTWATCH_GEN_DIR=$corpus TRUSTWATCH_GEN_N=$N TRUSTWATCH_GEN_VENDORS=$DIR/vendors.yaml \
		go test -count=1 -run '^TestWriteGenCorpus$' ./index/ >/dev/null
	touch "$corpus/.done" # hidden: not an article
fi
corpus=$(cd "$corpus" && pwd -P) # find and fsdir do not follow a link
go build -o "$DIR/trustwatch" ./cmd/trustwatch
progs=(new)
declare -A bin=([new]=$DIR/trustwatch)
if [ -n "$OLD" ]; then
	progs+=(old)
	bin[old]=$OLD
fi
files=$(find "$corpus" -name '*.md' | wc -l)
[ "$files" -gt 0 ] || { echo "no article files in $corpus" >&2; exit 2; }
export TRUSTWATCH_CORPUS=$corpus TRUSTWATCH_VENDORS=$DIR/vendors.yaml
unset TRUSTWATCH_INDEX
cd "$DIR" # no .env of the repository's

ms() { echo $(( ($2 - $1) / 1000000 )); }
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "$files article files ($N generated), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "== index from scratch, files per second (wall), alternating"
declare -A rate=()
for r in $(seq "$INDEX_RUNS"); do
	line="run $r:"
	for p in "${progs[@]}"; do
		rm -rf "$DIR/index-$p"
		t0=$(now)
		TRUSTWATCH_INDEX=$DIR/index-$p "${bin[$p]}" index >/dev/null 2>"$DIR/index-$p.err"
		t=$(ms "$t0" "$(now)")
		rate[$p]=$(( files * 1000 / t ))
		line+="  trustwatch($p) ${rate[$p]}"
	done
	rm -f "$DIR/fts.db"
	t0=$(now)
	sqlite3 "$DIR/fts.db" "CREATE VIRTUAL TABLE d USING fts5(path, body); INSERT INTO d SELECT name, CAST(data AS TEXT) FROM fsdir('$corpus') WHERE name LIKE '%.md';"
	t=$(ms "$t0" "$(now)")
	fts=$(( files * 1000 / t ))
	line+="  sqlite3 $fts"
	for p in "${progs[@]}"; do
		line+="  ratio($p) $(awk -v a="${rate[$p]}" -v b="$fts" 'BEGIN {printf "%.2f", a/b}')"
	done
	echo "$line"
done

for p in "${progs[@]}"; do
	[ -d "$DIR/index-$p" ] || { echo "no index $DIR/index-$p: run with INDEX_RUNS=1 or more" >&2; exit 2; }
done
[ -f "$DIR/fts.db" ] || { echo "no $DIR/fts.db: run with INDEX_RUNS=1 or more" >&2; exit 2; }

# Eight questions and, for FTS5, their content words OR'ed.
mapfile -t names < <(sed -n 's/^    name: //p' "$DIR/vendors.yaml")
questions=(
	"does ${names[0]} compete with its customers?"
	"What does ${names[1]} say about trust?"
	"${names[2]} fait-il concurrence à ses clients ?"
	"will ${names[3]} train on my data?"
	"keep data in Europe"
	"does ${names[4]} keep customer data in Europe?"
	"What does ${names[5]} say about the success of its customers?"
	"do vendors compete with their partners?"
)
matches=(
	"${names[0]} OR compete OR customers"
	"${names[1]} OR trust"
	"${names[2]} OR concurrence OR clients"
	"${names[3]} OR train OR data"
	"keep OR data OR Europe"
	"${names[4]} OR customer OR data OR Europe"
	"${names[5]} OR success OR customers"
	"vendors OR compete OR partners"
)

echo
echo "== ask, corpus unchanged: a whole process per question, median of ${#questions[@]} questions (ms, wall), alternating"
for p in "${progs[@]}"; do # an ask after indexing may find files modified about then: settle
	TRUSTWATCH_INDEX=$DIR/index-$p "${bin[$p]}" ask --json "${questions[0]}" >/dev/null
done
for r in $(seq "$ASK_RUNS"); do
	declare -A took=() rss=()
	fts_took=""
	for i in "${!questions[@]}"; do
		for p in "${progs[@]}"; do
			t0=$(now)
			TRUSTWATCH_INDEX=$DIR/index-$p /usr/bin/time -f %M -o "$DIR/rss" "${bin[$p]}" ask --json "${questions[$i]}" >"$DIR/answer-$p-$i.json"
			took[$p]+="$(ms "$t0" "$(now)") "
			rss[$p]+="$(cat "$DIR/rss") "
		done
		t0=$(now)
		/usr/bin/time -f %M -o "$DIR/rss" sqlite3 "$DIR/fts.db" \
			"SELECT path, snippet(d, 1, '[', ']', '…', 20) FROM d WHERE d MATCH '${matches[$i]}' ORDER BY rank LIMIT 5;" >"$DIR/answer-fts-$i.txt"
		fts_took+="$(ms "$t0" "$(now)") "
	done
	fts_med=$(tr ' ' '\n' <<<"$fts_took" | grep . | median)
	line="run $r:"
	for p in "${progs[@]}"; do
		med=$(tr ' ' '\n' <<<"${took[$p]}" | grep . | median)
		peak=$(tr ' ' '\n' <<<"${rss[$p]}" | grep . | sort -n | tail -1)
		line+="  trustwatch($p) $med ms (peak RSS $((peak / 1024)) MB)"
		line+="  ratio($p) $(awk -v a="$med" -v b="$fts_med" 'BEGIN {printf "%.2f", a/b}')"
	done
	line+="  sqlite3 $fts_med ms"
	echo "$line"
done
if [ -n "$OLD" ]; then
	for i in "${!questions[@]}"; do
		# when each quotation was first indexed differs from index to index
		cmp -s <(grep -v first_indexed "$DIR/answer-new-$i.json") <(grep -v first_indexed "$DIR/answer-old-$i.json") || echo "note: the two binaries' answers to \"${questions[$i]}\" differ"
	done
fi
