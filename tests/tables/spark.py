#!/usr/bin/env python3
"""The same questions asked of the exported tables with Spark and with DuckDB, where
pyspark is installed; says that it skips otherwise.

    python3 tests/tables/spark.py OUTDIR      (OUTDIR as `pcapsh export --out` wrote it)
"""
import sys

try:
    from pyspark.sql import SparkSession
except ImportError:
    print("skip: pyspark is not installed (pip install pyspark, with a Java runtime)")
    sys.exit(0)
import duckdb

out = sys.argv[1]
spark = (SparkSession.builder.master("local[2]").appName("pcapsh-tables")
         # Parquet timestamps in nanoseconds are read as their exact integer value.
         .config("spark.sql.legacy.parquet.nanosAsLong", "true")
         .getOrCreate())
spark.read.parquet(f"{out}/packets").createOrReplaceTempView("packets")
spark.read.parquet(f"{out}/conversations").createOrReplaceTempView("conversations")
questions = {
    "top talkers": "SELECT src, sum(wirelen) AS bytes FROM packets WHERE src IS NOT NULL "
                   "GROUP BY src ORDER BY bytes DESC, src LIMIT 10",
    "longest conversations": "SELECT key, duration_ns FROM conversations "
                             "ORDER BY duration_ns DESC, key LIMIT 10",
    "DNS names per host": "SELECT src, count(DISTINCT dns_qname) AS names FROM packets "
                          "WHERE dns_qname IS NOT NULL GROUP BY src ORDER BY names DESC, src LIMIT 10",
    "SNI per server": "SELECT dst, tls_sni, count(*) AS hellos FROM packets WHERE tls_sni IS NOT NULL "
                      "GROUP BY dst, tls_sni ORDER BY hellos DESC, dst, tls_sni LIMIT 10",
}
bad = 0
for name, sql in questions.items():
    got = [tuple(r) for r in spark.sql(sql).collect()]
    duck = sql.replace("FROM packets", f"FROM '{out}/packets/*.parquet'").replace(
        "FROM conversations", f"FROM '{out}/conversations/*.parquet'")
    want = duckdb.sql(duck).fetchall()
    if got != want:
        bad += 1
        print(f"FAIL: {name}: Spark {got} != DuckDB {want}")
print(f"Spark and DuckDB agree on {len(questions) - bad} of {len(questions)} questions")
sys.exit(1 if bad else 0)
