#!/usr/bin/env bash
# Coverage-guided fuzzing of one Jazzer target (docs/fuzzing.md).
#
#   bench/fuzz.sh                   lists the targets, one a line
#   bench/fuzz.sh TARGET SECONDS    fuzzes TARGET for SECONDS; exits non-zero on a finding
#   bench/fuzz.sh --keep TARGET [N] copies N (128) inputs of the grown corpus, evenly spread by size, into the
#                                   committed corpus, so that `mvn verify` replays the coverage a run reached
#
# A target is a @FuzzTest method, named Class#method (EventStreamParserFuzzTest#parsesAnyBytesTheSameInAnyChunks);
# the list is found in the sources each time, every module's, so a new @FuzzTest is a new target with nothing to
# register. Class#method must be unique in the repository, as test class names are.
#
# Fuzzing runs the test through Maven with JAZZER_FUZZ=1: libFuzzer mutates inputs, growing a corpus in
# MODULE/.cifuzz-corpus/ (ignored by git), seeded with the committed corpus of the test
# (src/test/resources/<package>/<Class>Inputs/<method>/, which `mvn verify` replays). An input that fails the test
# is saved next to that committed corpus, as crash-<sha1>; fix the bug, commit the input, and every later build
# replays it. The last line says how many inputs ran and the coverage reached (libFuzzer's cov: and ft:).
#
# Needs only a JDK 17+ and Maven. MVN_FLAGS adds Maven options (e.g. MVN_FLAGS=-o once dependencies are there).
set -euo pipefail
cd "$(dirname "$0")/.."

# Every @FuzzTest method as "module<TAB>Class#method", in a stable order.
targets() {
    grep -rl --include='*.java' '@FuzzTest' -- */src/test/java 2>/dev/null | sort | while read -r file; do
        module=${file%%/src/test/java/*}
        class=$(basename "$file" .java)
        awk -v module="$module" -v class="$class" '
            /@FuzzTest/ { pending = 1; next }
            pending && match($0, /void[ \t]+[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/) {
                name = substr($0, RSTART, RLENGTH); sub(/^void[ \t]+/, "", name); sub(/[ \t]*\($/, "", name)
                printf "%s\t%s#%s\n", module, class, name; pending = 0
            }' "$file"
    done
}

if [ $# -eq 0 ]; then
    targets | cut -f2
    exit 0
fi
# The test's module, class, method and committed corpus directory (which may not exist yet), for target $1.
locate() {
    target=$1
    module=$(targets | awk -F'\t' -v t="$target" '$2 == t { print $1 }')
    if [ -z "$module" ]; then
        echo "fuzz: no target $target; bench/fuzz.sh lists them" >&2
        exit 2
    fi
    if [ "$(wc -l <<<"$module")" -ne 1 ]; then
        echo "fuzz: $target is in more than one module: $(tr '\n' ' ' <<<"$module")" >&2
        exit 2
    fi
    class=${target%%#*}
    method=${target#*#}
    source=$(grep -rl --include="$class.java" '@FuzzTest' -- "$module/src/test/java" | head -1)
    package=$(sed -n 's/^package \([a-z0-9_.]*\);.*/\1/p' "$source" | head -1)
    inputs="$module/src/test/resources/${package//.//}/${class}Inputs/$method"
    grown="$module/.cifuzz-corpus/$package.$class/$method"
}

if [ "$1" = "--keep" ] && [ $# -ge 2 ]; then
    locate "$2"
    keep=${3:-128}
    if [ ! -d "$grown" ]; then
        echo "fuzz: no grown corpus in $grown; fuzz $2 first" >&2
        exit 2
    fi
    mkdir -p "$inputs"
    total=$(find "$grown" -type f | wc -l)
    # Sorted by size, every (total/keep)th input: small and large ones alike.
    find "$grown" -type f -printf '%s %p\n' | sort -n | awk -v total="$total" -v keep="$keep" '
        { step = total > keep ? total / keep : 1; if (NR - 1 >= next_pick) { print $2; next_pick += step } }' |
        while read -r file; do cp "$file" "$inputs/"; done
    echo "fuzz: $(find "$inputs" -type f | wc -l) inputs in $inputs (of $total grown)"
    exit 0
fi
if [ $# -ne 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bench/fuzz.sh [TARGET SECONDS | --keep TARGET [N]]   (no argument lists the targets)" >&2
    exit 2
fi
locate "$1"
seconds=$2
marker=$(mktemp)
log=$(mktemp --suffix=.fuzz.log)
trap 'rm -f "$marker"' EXIT

echo "fuzz: $target ($module) for ${seconds}s; log in $log"
status=0
# shellcheck disable=SC2086 # MVN_FLAGS is a list of options
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" mvn -B ${MVN_FLAGS:-} -pl "$module" -am test \
    -Djazzer.hooks=true -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false \
    >"$log" 2>&1 || status=$?

# libFuzzer's status lines: "#<runs> <event> cov: <edges> ft: <features> corp: ..."; DONE is the last.
grep -aE '^#[0-9]+[[:space:]]+(DONE|INITED)' "$log" | tail -2 || true
# Where libFuzzer wrote the failing input ("Test unit written to PATH"), and any crash file newer than the run.
crashes=$( (grep -aoE 'Test unit written to [^ ]+' "$log" | sed 's/^Test unit written to //'
    find "$inputs" "$module" -maxdepth 1 -type f -name 'crash-*' -newer "$marker" 2>/dev/null) | sort -u || true)
if [ "$status" -ne 0 ] || [ -n "$crashes" ]; then
    grep -aE 'Test unit written to|== Java Exception|FuzzTestFinding|FuzzerSecurityIssue' "$log" | head -20 || true
    if [ -n "$crashes" ]; then
        echo "fuzz: finding; the input that fails is saved as:"
        sed 's/^/  /' <<<"$crashes"
    else
        echo "fuzz: the run failed without a saved input (see $log)"
    fi
    exit 1
fi
echo "fuzz: no finding"
