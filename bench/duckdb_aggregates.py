"""The aggregates jaring publishes, computed by DuckDB from the same CSV files.

    python3 bench/duckdb_aggregates.py SITE [--compare OUTPUT | --aggregates-only]

Reads SITE/data/*.csv and SITE/data/program.toml and computes what the data
contract defines: coverage by sector, district and month (members current,
ever and member-months over the reported months), contributions paid per month,
paid claims by month, sector and district per benefit, plus the checks that
need the whole file (duplicate ids, claims of unknown members). This is the
DuckDB side of bench/run: the work jaring's ingest and model do, without
jaring's validation, rendering or writing.

With --compare OUTPUT it also checks every unsuppressed cell of jaring's
published tables in OUTPUT/data against DuckDB's numbers, and exits 1 on a
difference. With --aggregates-only it leaves out the checks (the faster
baseline bench/run also reports).
"""

import csv
import sys
import tomllib
from pathlib import Path

import duckdb


def month_index(value):
    """YYYY-MM or a date (a string or a TOML date) as months since year 0."""
    year, month = str(value).split("-")[:2]
    return int(year) * 12 + int(month) - 1


def aggregates(site, checks=True):
    data = site / "data"
    program = tomllib.loads((data / "program.toml").read_text())
    start = month_index(program["start"])
    end = month_index(program["end"])
    as_of_month = month_index(program["as_of"])
    last_reported = min(end, as_of_month)
    current = min(end, as_of_month)

    db = duckdb.connect()
    db.execute(
        f"""
        CREATE VIEW members AS
        SELECT member_id, sector, district,
               CAST(substr(covered_from, 1, 4) AS INTEGER) * 12
                 + CAST(substr(covered_from, 6, 2) AS INTEGER) - 1 AS first_month,
               coalesce(CAST(substr(covered_until, 1, 4) AS INTEGER) * 12
                 + CAST(substr(covered_until, 6, 2) AS INTEGER) - 1, {end}) AS last_month
        FROM read_csv('{data / "members.csv"}', header = true, auto_detect = false,
          columns = {{'member_id': 'VARCHAR', 'sector': 'VARCHAR', 'district': 'VARCHAR',
                     'gender': 'VARCHAR', 'age_band': 'VARCHAR',
                     'covered_from': 'VARCHAR', 'covered_until': 'VARCHAR'}});
        CREATE VIEW claims AS
        SELECT * FROM read_csv('{data / "claims.csv"}', header = true, auto_detect = false,
          columns = {{'claim_id': 'VARCHAR', 'member_id': 'VARCHAR', 'benefit': 'VARCHAR',
                     'incident_date': 'DATE', 'status': 'VARCHAR', 'paid_on': 'DATE',
                     'amount': 'BIGINT'}});
        CREATE VIEW payments AS
        SELECT * FROM read_csv('{data / "payments.csv"}', header = true, auto_detect = false,
          columns = {{'month': 'VARCHAR', 'paid_on': 'DATE', 'members': 'BIGINT',
                     'amount': 'BIGINT', 'reference': 'VARCHAR'}});
        -- One pass over members.csv, keeping the columns the checks and
        -- tables need; then everything is computed from this table.
        CREATE TEMP TABLE covered AS
        SELECT member_id, sector, district, first_month, last_month FROM members;
        -- Members are counted by sector, district and covered months: the
        -- coverage tables come from these few thousand groups.
        CREATE TEMP TABLE groups AS
        SELECT sector, district, first_month, last_month,
               greatest(least(last_month, {last_reported}) - first_month + 1, 0) AS months,
               (first_month <= {current} AND {current} <= last_month)::INTEGER AS is_current,
               count(*) AS members
        FROM covered GROUP BY ALL;
        -- Every claim with its member's sector and district (NULL: unknown member).
        CREATE TEMP TABLE claimed AS
        SELECT c.*, m.sector, m.district FROM claims c LEFT JOIN covered m USING (member_id);
        """
    )
    result = {}
    for key in ("sector", "district"):
        result[f"coverage_by_{key}"] = {
            code: (current_members, ever, months)
            for code, current_members, ever, months in db.execute(
                f"""SELECT {key}, sum(is_current * members), sum(members), sum(months * members)
                    FROM groups WHERE months > 0 GROUP BY {key}"""
            ).fetchall()
        }
    # Members joining and leaving per month, summed: no join of months and members.
    changes = dict.fromkeys(range(start, last_reported + 2), 0)
    for month, change in db.execute(
        f"""SELECT first_month, sum(members) FROM groups WHERE months > 0 GROUP BY ALL
            UNION ALL
            SELECT least(last_month, {last_reported}) + 1, -sum(members) FROM groups
            WHERE months > 0 GROUP BY ALL"""
    ).fetchall():
        changes[month] += change
    running = 0
    result["coverage_by_month"] = {}
    for month in range(start, last_reported + 1):
        running += changes[month]
        result["coverage_by_month"][month] = running
    if checks:
        result["duplicate_member_ids"] = db.execute(
            "SELECT count(*) - count(DISTINCT member_id) FROM covered"
        ).fetchone()[0]
        result["duplicate_claim_ids"] = db.execute(
            "SELECT count(*) - count(DISTINCT claim_id) FROM claims"
        ).fetchone()[0]
        result["claims_of_unknown_members"] = db.execute(
            "SELECT count(*) FROM claimed WHERE sector IS NULL"
        ).fetchone()[0]
    result["budget_by_month"] = {
        month_index(month): (members, amount)
        for month, members, amount in db.execute(
            "SELECT month, sum(members), sum(amount) FROM payments GROUP BY month"
        ).fetchall()
    }
    paid = "status = 'paid'"
    result["claims_by_month"] = {
        (year * 12 + month - 1, benefit): (count, amount)
        for year, month, benefit, count, amount in db.execute(
            f"""SELECT year(paid_on), month(paid_on), benefit, count(*), sum(amount)
                FROM claims WHERE {paid} GROUP BY ALL"""
        ).fetchall()
    }
    for key in ("sector", "district"):
        result[f"claims_by_{key}"] = {
            (code, benefit): (count, amount)
            for code, benefit, count, amount in db.execute(
                f"""SELECT {key}, benefit, count(*), sum(amount)
                    FROM claimed WHERE {paid} GROUP BY ALL"""
            ).fetchall()
        }
    return result


def compare(result, output):
    """Every published, unsuppressed cell of OUTPUT/data against DuckDB's."""
    data = output / "data"
    problems = []
    checked = 0

    def rows(name):
        with open(data / name, newline="") as file:
            return list(csv.DictReader(file))

    def check(table, key, column, published, expected):
        nonlocal checked
        if published == "":
            return
        checked += 1
        if int(published) != expected:
            problems.append(f"{table} {key} {column}: jaring {published}, DuckDB {expected}")

    for key in ("sector", "district"):
        table = f"coverage_by_{key}"
        for row in rows(f"{table}.csv"):
            current_members, ever, months = result[table].get(row[key], (0, 0, 0))
            check(table, row[key], "members_current", row["members_current"], current_members)
            check(table, row[key], "members_ever", row["members_ever"], ever)
            check(table, row[key], "member_months", row["member_months"], months)
        table = f"claims_by_{key}"
        for row in rows(f"{table}.csv"):
            count, amount = result[table].get((row[key], row["benefit"]), (0, 0))
            check(table, (row[key], row["benefit"]), "claims", row["claims"], count)
            check(table, (row[key], row["benefit"]), "amount", row["amount"], amount)
    for row in rows("coverage_by_month.csv"):
        month = month_index(row["month"])
        check("coverage_by_month", row["month"], "members", row["members"],
              result["coverage_by_month"].get(month, 0))
    for row in rows("budget_by_month.csv"):
        members, amount = result["budget_by_month"].get(month_index(row["month"]), (0, 0))
        check("budget_by_month", row["month"], "members_billed", row["members_billed"], members)
        check("budget_by_month", row["month"], "amount", row["amount"], amount)
    for row in rows("claims_by_month.csv"):
        key = (month_index(row["month"]), row["benefit"])
        count, amount = result["claims_by_month"].get(key, (0, 0))
        check("claims_by_month", key, "claims", row["claims"], count)
        check("claims_by_month", key, "amount", row["amount"], amount)
    # And the other way: every count DuckDB finds is in a published row.
    published = {
        table: {tuple(row[key] for key in keys) for row in rows(f"{table}.csv")}
        for table, keys in (
            ("coverage_by_sector", ["sector"]),
            ("coverage_by_district", ["district"]),
            ("claims_by_sector", ["sector", "benefit"]),
            ("claims_by_district", ["district", "benefit"]),
        )
    }
    for table, seen in published.items():
        for key in result[table]:
            if (key if isinstance(key, tuple) else (key,)) not in seen:
                problems.append(f"{table} {key}: counted by DuckDB, not published by jaring")
    for check_name in ("duplicate_member_ids", "duplicate_claim_ids", "claims_of_unknown_members"):
        if result[check_name]:
            problems.append(f"{check_name}: {result[check_name]} (jaring refuses such data)")
    return checked, problems


def main(arguments):
    valid = (
        len(arguments) == 1
        or (len(arguments) == 2 and arguments[1] == "--aggregates-only")
        or (len(arguments) == 3 and arguments[1] == "--compare")
    )
    if not valid:
        sys.exit("usage: python3 bench/duckdb_aggregates.py SITE [--compare OUTPUT | --aggregates-only]")
    result = aggregates(Path(arguments[0]), checks=arguments[1:] != ["--aggregates-only"])
    if len(arguments) == 3:
        checked, problems = compare(result, Path(arguments[2]))
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{checked} published cells checked against DuckDB, {len(problems)} differ")
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
