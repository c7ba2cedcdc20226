#!/usr/bin/env bash
# Regenerates the bundled example's release history, releases/, from scratch, then its
# current data, data/ (as of 2026-10-31). Everything is synthetic (examples/gen_data.rs):
# nobody in it exists, and the 2025 program is invented too.
#
#   bash examples/history.sh
#   JARING=target/debug/jaring GEN_DATA=target/debug/examples/gen_data bash examples/history.sh
#
# JARING and GEN_DATA are the commands to run jaring and the generator with (default: cargo
# run --release, building them when needed); they run in the repository root, so a relative
# path is taken from there. In a temporary copy of the site (site.toml,
# content/, templates/), with the data made by gen_data for each stage, the releases are
# recorded in the order an agency would have, each at a fixed moment (SOURCE_DATE_EPOCH) a
# few days after its as_of, so a second run gives the same bytes:
#
#   2025-12-31     the 2025 program's final release (a smaller, earlier program)
#   2026-08-31     the 2026 program at the end of August
#   2026-09-30     at the end of September, with two mistakes of the export: the September
#                  payment not booked yet, and 12 members of 36.02.19 Cibeber entered with
#                  the code of its neighbour 36.02.20 Cilograng
#   2026-09-30-r2  the correction, three days later: the kecamatan fixed; the September
#                  payment still not booked (it was, in October)
#
# The current data, as of 2026-10-31, show the September payment: its figure is revised.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
read -r -a jaring <<<"${JARING:-cargo run --quiet --release --}"
read -r -a gen_data <<<"${GEN_DATA:-cargo run --quiet --release --example gen_data --}"

work=$(mktemp -d "${TMPDIR:-/tmp}/jaring-history.XXXXXX")
trap 'rm -rf "$work"' EXIT
site=$work/site
mkdir "$site"
cp site.toml "$site/"
cp -R content "$site/"
if [ -d templates ]; then
    cp -R templates "$site/"
fi

# The stage's data: gen_data's files, plus any input it does not make (a districts.geojson).
stage() {
    rm -rf "$site/data"
    "${gen_data[@]}" --out "$site/data" "$@"
    for extra in data/*.geojson; do
        if [ -f "$extra" ]; then
            cp "$extra" "$site/data/"
        fi
    done
}

# record EPOCH [jaring release options]: the stage's release, recorded at EPOCH (UTC seconds).
record() {
    local epoch=$1
    shift
    SOURCE_DATE_EPOCH=$epoch "${jaring[@]}" release --root "$site" "$@"
}

# 2026-01-09 03:00 UTC (10:00 WIB), Friday
stage --program-year 2025
record 1767927600 --note "Rilis akhir program 2025: data per 31 Desember 2025."

# 2026-09-04 07:30 UTC (14:30 WIB), Friday
stage --as-of 2026-08-31
record 1788507000 --note "Data per 31 Agustus 2026."

# 2026-10-05 02:45 UTC (09:45 WIB), Monday
stage --as-of 2026-09-30 --late-payment --miscoded-district 12
record 1791168300 --note "Data per 30 September 2026."

# 2026-10-08 06:20 UTC (13:20 WIB), Thursday
stage --as-of 2026-09-30 --late-payment
record 1791440400 \
    --note "Data per 30 September 2026, dengan kode kecamatan yang dikoreksi. Iuran bulan September belum dibukukan." \
    --correction "Kode kecamatan 12 peserta dikoreksi: tercatat 36.02.20 (Cilograng), seharusnya 36.02.19 (Cibeber)."

rm -rf releases
cp -R "$site/releases" releases
"${gen_data[@]}" --out data
"${jaring[@]}" check
