#!/usr/bin/env bash
# Several app servers behind nginx on one database, on this machine, in the foreground.
#
#   bash scripts/serve.sh --replicas 3 [--port 8080] [--address 127.0.0.1]
#                         [--tls-cert FILE --tls-key FILE] [--state-dir DIR]
#
# Starts N Streamlit servers on 127.0.0.1 (ports PORT+1 … PORT+N, never reachable from the
# network) and nginx on ADDRESS:PORT in front of them: websockets, sticky sessions by a route
# cookie (every client may come from the same address), security headers, TLS when a
# certificate and key are given. Prints the proxy's URL, then runs until Ctrl-C or TERM,
# which stops every process it started.
#
# Database: $VNMAP_DB_URL when set (an existing PostgreSQL). Otherwise a local PostgreSQL
# cluster in STATE_DIR/postgres (created on the first run, kept between runs, reachable only
# through its socket in STATE_DIR): several servers cannot share the default SQLite file
# safely. nginx runs as the current user with its configuration, logs and temporary files in
# STATE_DIR/nginx (default STATE_DIR: .serve in the repository); nothing under /etc changes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

replicas=2 port=8080 address=127.0.0.1 tls_cert="" tls_key=""
state="${VNMAP_STATE_DIR:-$repo/.serve}"
usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --address) address="$2"; shift 2 ;;
    --tls-cert) tls_cert="$2"; shift 2 ;;
    --tls-key) tls_key="$2"; shift 2 ;;
    --state-dir) state="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "serve.sh: unknown option $1" >&2; usage >&2; exit 64 ;;
  esac
done
fail() { echo "serve.sh: $*" >&2; exit 1; }
[[ "$replicas" =~ ^[1-9][0-9]?$ ]] || fail "--replicas takes a number from 1 to 99"
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ $((port + replicas)) -le 65535 ] ||
  fail "--port takes a port number (the app servers use the next $replicas ports)"
if [ -n "$tls_cert$tls_key" ]; then
  [ -r "$tls_cert" ] && [ -r "$tls_key" ] || fail "--tls-cert and --tls-key need readable files"
  tls_cert=$(realpath "$tls_cert") tls_key=$(realpath "$tls_key")
fi
command -v nginx >/dev/null || fail "nginx not found: sudo apt-get install nginx"
# The project's Python: $VNMAP_SERVE_PYTHON, else its virtual environment's, else python3.
py="${VNMAP_SERVE_PYTHON:-python3}"
[ -z "${VNMAP_SERVE_PYTHON:-}" ] && [ -x .venv/bin/python ] && py="$repo/.venv/bin/python"
case "${VNMAP_DB_URL:-}" in
  sqlite*) [ "$replicas" = 1 ] ||
    fail "several app servers cannot share a SQLite file: set VNMAP_DB_URL to a PostgreSQL" \
      "database, or unset it for a local PostgreSQL cluster in the state directory" ;;
esac
mkdir -p "$state"
state=$(realpath "$state")
# One serve.sh per state directory (its database cluster, its nginx files).
exec 9>"$state/serve.lock"
flock -n 9 || fail "another serve.sh is running with the state directory $state"
chmod 700 "$state"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $(seq "$port" $((port + replicas))); do
  port_busy "$p" && fail "port $p is in use (the proxy takes --port, the app servers the next $replicas)"
done

pids=() pg_ctl_cmd=()
stop_all() {
  trap - INT TERM EXIT
  [ "${#pids[@]}" -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  [ "${#pids[@]}" -gt 0 ] && kill -KILL "${pids[@]}" 2>/dev/null || true
  if [ "${#pg_ctl_cmd[@]}" -gt 0 ]; then
    "${pg_ctl_cmd[@]}" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# --- database --------------------------------------------------------------------------------
if [ -z "${VNMAP_DB_URL:-}" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pg_bin" ] || pg_bin=$(dirname "$(command -v initdb 2>/dev/null || echo /x/x)")
  [ -x "$pg_bin/initdb" ] ||
    fail "several app servers need one PostgreSQL: set VNMAP_DB_URL, or install the" \
      "postgresql package for a local cluster in $state/postgres"
  # The cluster runs as the current user, whose name is its superuser (peer authentication
  # over the socket); as root it runs as the postgres OS user (PostgreSQL refuses root).
  as_db=() admin=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    as_db=(runuser -u postgres --) admin=postgres
    chmod 711 "$state"  # the postgres user reaches its own folder inside, nothing else
  fi
  pgdata="$state/postgres"
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    echo "serve.sh: creating a local PostgreSQL cluster in $pgdata" >&2
    mkdir -p "$pgdata"
    [ "${#as_db[@]}" -gt 0 ] && chown postgres "$pgdata"
    "${as_db[@]}" "$pg_bin/initdb" -D "$pgdata" -A peer -U "$admin" -E UTF8 --no-locale \
      >"$state/initdb.log" 2>&1 || fail "initdb failed: see $state/initdb.log"
  fi
  pg_ctl_cmd=("${as_db[@]}" "$pg_bin/pg_ctl" -D "$pgdata")
  # Socket only (no TCP): only users of this machine who can open STATE_DIR reach it.
  "${pg_ctl_cmd[@]}" -l "$pgdata/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $pgdata" start >/dev/null ||
    fail "PostgreSQL did not start: see $pgdata/server.log"
  db_user=$(id -un)
  "${as_db[@]}" "$pg_bin/psql" -h "$pgdata" -U "$admin" -d postgres -qAt \
    -c "SELECT 1 FROM pg_roles WHERE rolname = '$db_user'" | grep -q 1 ||
    "${as_db[@]}" "$pg_bin/createuser" -h "$pgdata" -U "$admin" "$db_user"
  "${as_db[@]}" "$pg_bin/psql" -h "$pgdata" -U "$admin" -d postgres -qAt \
    -c "SELECT 1 FROM pg_database WHERE datname = 'vnmap'" | grep -q 1 ||
    "${as_db[@]}" "$pg_bin/createdb" -h "$pgdata" -U "$admin" -O "$db_user" vnmap
  export VNMAP_DB_URL="postgresql+psycopg://$db_user@/vnmap?host=$pgdata"
fi
# Tables and first-run sample data once, before the servers race to create them.
"$py" -m loaders sample >/dev/null ||
  fail "the database in VNMAP_DB_URL cannot be reached or prepared"

# --- app servers -----------------------------------------------------------------------------
# One cookie secret for every server (kept in STATE_DIR, never on a command line): a session
# moved to another server when its own stops still passes the XSRF check of uploads.
secret_file="$state/cookie_secret"
[ -s "$secret_file" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$secret_file")
export STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$secret_file")"
mkdir -p "$state/logs"
upstreams=""
for i in $(seq 1 "$replicas"); do
  app_port=$((port + i))
  "$py" -m streamlit run streamlit_app.py --server.address 127.0.0.1 \
    --server.port "$app_port" --server.headless true \
    >"$state/logs/app-$app_port.log" 2>&1 &
  pids+=($!)
  upstreams+="    server 127.0.0.1:$app_port max_fails=1 fail_timeout=5s;"$'\n'
done

# --- nginx -----------------------------------------------------------------------------------
ng="$state/nginx"
mkdir -p "$ng/tmp"
scheme=http listen="$address:$port" tls=""
if [ -n "$tls_cert" ]; then
  scheme=https listen="$address:$port ssl"
  tls="    ssl_certificate $tls_cert;
    ssl_certificate_key $tls_key;
    ssl_protocols TLSv1.2 TLSv1.3;"
fi
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"  # workers stay the current user, as the master
{
  cat <<EOF
$user_line
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $ng/tmp/body;
    proxy_temp_path $ng/tmp/proxy;
    fastcgi_temp_path $ng/tmp/fastcgi;
    uwsgi_temp_path $ng/tmp/uwsgi;
    scgi_temp_path $ng/tmp/scgi;
    include $repo/deploy/nginx-maps.conf;
    access_log $ng/access.log vnmap;
    upstream vnmap_app {
        hash \$vnmap_route consistent;
$upstreams    }
    server {
        listen $listen;
        server_name _;
$tls
        include $repo/deploy/nginx-vnmap.conf;
    }
}
EOF
} >"$ng/nginx.conf"
nginx -t -q -p "$ng" -e "$ng/error.log" -c "$ng/nginx.conf" ||
  fail "nginx refused its configuration ($ng/nginx.conf)"
nginx -p "$ng" -e "$ng/error.log" -c "$ng/nginx.conf" -g "daemon off;" &
nginx_pid=$!
pids+=("$nginx_pid")

# Ready when every app server answers its health check on its own port.
healthy() {
  local reply
  reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" &&
    printf 'GET /_stcore/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && head -c 12 <&3) 2>/dev/null)
  [[ "$reply" == HTTP/1.?" 200" ]]
}
deadline=$((SECONDS + 600))  # a cold start of several servers on a busy 2-core machine
for i in $(seq 1 "$replicas"); do
  app_port=$((port + i))
  until healthy "$app_port"; do
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null ||
      fail "the app server on port $app_port stopped: see $state/logs/app-$app_port.log"
    [ "$SECONDS" -lt "$deadline" ] ||
      fail "the app server on port $app_port did not answer: see $state/logs/app-$app_port.log"
    sleep 0.2
  done
done
host="$address"
[ "$host" = 0.0.0.0 ] && host=$(hostname -f)
echo "$scheme://$host:$port/"
# Runs until nginx ends or a signal arrives; an app server that stops is routed around (not
# restarted: under systemd, deploy/vnmap@.service restarts it).
wait "$nginx_pid"
