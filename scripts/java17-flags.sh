# Sourced by the launchers: the --add-opens Spark 3.5 needs on Java 17 (the same list as the
# java17.opens property in pom.xml, which Surefire uses), and the environment for local runs.
JAVA17_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
)
# ND4J's buffers live off the Java heap and are freed when the collector finds their arrays dead;
# JavaCPP forces a collection when they pass maxbytes (by default the heap's size: with -Xmx8g a
# 1M-event night grew to 24 GB resident and was killed by the kernel). Override with
# RECS_OFFHEAP_MAX (e.g. 6g) when a model needs more.
RECS_OFFHEAP_OPTS=(-Dorg.bytedeco.javacpp.maxbytes="${RECS_OFFHEAP_MAX:-4g}")
# ND4J's BLAS on one thread is ~3x faster than fighting Spark for 2 cores.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
