#!/usr/bin/env bash
# An operator's check of deploy/nginx.conf without Docker: two instances of the portal on
# loopback ports, on a new Postgres database and the local Redis, behind Debian's nginx running
# deploy/nginx.conf itself (only the lines marked "# replica" and "# listen" are swapped for the
# loopback ports, and nginx's temp directories are put in the run's own directory). Checks the
# portal through nginx, that requests go to both instances, that one sign-in is honoured by
# both, that a replica can stop while nginx keeps answering, then removes everything it made.
# Not part of CI.
#
#   bash deploy/try-nginx.sh
#
# Needs nginx, curl, psql, redis-cli and openssl, a Postgres that PG_ADMIN_URL may create
# databases on (default postgres://postgres@127.0.0.1:5432/postgres) and Redis at REDIS_URL
# (default redis://127.0.0.1:6379; its keys go under a prefix of their own, deleted at the end).
# KEEP=1 keeps the logs and the generated nginx configuration.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
DOMAIN=tuyenquang.localhost
DB=cong_nginx_try_$$
DATABASE_URL=${PG_ADMIN_URL%/*}/$DB
REDIS_PREFIX=cong-nginx-try-$$:
DEMO_PASSWORD=Thu-nghiem-nginx-$$
SIGN_IN_AS=truongban@$DOMAIN # the Editorial Board's head: password only, no second factor
# What docker-compose.yml gives the replicas: nginx is one trusted hop.
TRUST_PROXY=1

for tool in nginx curl psql redis-cli openssl node; do
  command -v "$tool" >/dev/null || { echo "try-nginx: $tool is missing" >&2; exit 2; }
done
[ -x node_modules/.bin/tsx ] || { echo "try-nginx: run npm install first" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cong-nginx-try.XXXXXX")
chmod 755 "$TMP" # nginx's workers (an unprivileged user) use its temp directories in here
mkdir -p "$TMP/data" "$TMP/nginx/logs" # logs/: where nginx looks before it reads the configuration
read -r PORT_A PORT_B PORT_NGINX < <(node -e '
  const net = require("node:net");
  const s = [0, 1, 2].map(() => net.createServer());
  Promise.all(s.map((x) => new Promise((r) => x.listen(0, "127.0.0.1", () => r(x.address().port)))))
    .then((p) => { console.log(p.join(" ")); s.forEach((x) => x.close()); });')
ADDR_A=127.0.0.1:$PORT_A
ADDR_B=127.0.0.1:$PORT_B
NGINX_LOG=$TMP/nginx/access.log # nginx's stdout, where the configuration sends its access log

PASSED=0
FAILED=0
pass() { echo "PASS  $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL  $*"; FAILED=$((FAILED + 1)); }
note() { echo "      $*"; }

# The instances get this environment and no other (nothing leaks from the caller's shell).
APP_ENV=(
  PATH="$PATH" HOME="$HOME" NODE_ENV=production DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" REDIS_PREFIX="$REDIS_PREFIX"
  PRIMARY_DOMAIN="$DOMAIN" TRUST_PROXY="$TRUST_PROXY" DATA_DIR="$TMP/data" DEMO_PASSWORD="$DEMO_PASSWORD"
  SESSION_SECRET="$(openssl rand -hex 32)" LOG_LEVEL=info CLUSTER_WORKERS=1
  METRICS_ALLOW=loopback # step 6 reads /metrics on the instance itself (closed by default)
)

NGINX_PID=
declare -A APP_PID=()

# An instance runs in a process group of its own (tsx and its node child), stopped as one.
start_instance() { # name port
  env -i "${APP_ENV[@]}" PORT="$2" setsid node_modules/.bin/tsx server/main.ts >>"$TMP/$1.log" 2>&1 &
  APP_PID[$1]=$!
}
stop_instance() { # name: SIGTERM, as docker stop sends; waits until it has exited
  local pid=${APP_PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 250); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  APP_PID[$1]=
}
wait_ready() { # name port
  for _ in $(seq 1 600); do
    if curl -fsS --noproxy '*' -o /dev/null "http://127.0.0.1:$2/readyz" 2>/dev/null; then return 0; fi
    kill -0 "${APP_PID[$1]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "try-nginx: instance $1 did not become ready; its log:" >&2
  tail -n 30 "$TMP/$1.log" >&2
  return 1
}

cleanup() {
  local code=$?
  set +e
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  for name in "${!APP_PID[@]}"; do stop_instance "$name"; done
  psql "$PG_ADMIN_URL" -qAt -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  redis-cli -u "$REDIS_URL" --scan --pattern "$REDIS_PREFIX*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null
  if [ "${KEEP:-}" = 1 ] || [ "$FAILED" -gt 0 ] || [ "$code" -ne 0 ]; then
    echo "logs kept in $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One request. Host names resolve to nginx (or an instance) as a browser on this machine would;
# the body goes to $TMP/body, the headers to $TMP/headers, the status is printed.
req() { # port path [curl options]
  local port=$1 path=$2
  shift 2
  curl -sS --noproxy '*' --max-time 20 -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' \
    --resolve "$DOMAIN:$port:127.0.0.1" --resolve "www.$DOMAIN:$port:127.0.0.1" \
    "$@" "http://$DOMAIN:$port$path" || true
}
header() { { grep -i "^$1:" "$TMP/headers" || true; } | head -n1 | cut -d' ' -f2- | tr -d '\r'; }
# The replica that answered requests whose URI contains a marker, from nginx's access log:
# the last address of "upstream" (the first may be a replica that failed and was retried).
answered_by() { # marker
  { grep -F "$1" "$NGINX_LOG" || true; } | sed -n 's/.*"upstream":"\([^"]*\)".*/\1/p' | sed 's/.*, //'
}

echo "try-nginx: instances on $ADDR_A and $ADDR_B, nginx on 127.0.0.1:$PORT_NGINX, database $DB"

# --- nginx configuration: deploy/nginx.conf with the replicas and the port swapped ----------
sed -e "s/^\(\s*server\) app1:3000 \(.*\) resolve;\(.*# replica\)/\1 $ADDR_A \2;\3/" \
  -e "s/^\(\s*server\) app2:3000 \(.*\) resolve;\(.*# replica\)/\1 $ADDR_B \2;\3/" \
  -e "s/^\(\s*listen\) 80 \(.*# listen\)/\1 127.0.0.1:$PORT_NGINX \2/" \
  -e "s|^http {|http {\n    client_body_temp_path $TMP/nginx/body; proxy_temp_path $TMP/nginx/proxy;\n    fastcgi_temp_path $TMP/nginx/fastcgi; uwsgi_temp_path $TMP/nginx/uwsgi; scgi_temp_path $TMP/nginx/scgi;|" \
  deploy/nginx.conf >"$TMP/nginx/nginx.conf"
swapped=$(grep -cE "server ($ADDR_A|$ADDR_B) .*# replica|listen 127.0.0.1:$PORT_NGINX " "$TMP/nginx/nginx.conf" || true)
leftover=$(grep -cE "server app[0-9]+:3000" "$TMP/nginx/nginx.conf" || true)
NGINX=(nginx -p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf")
if [ "$swapped" = 3 ] && [ "$leftover" = 0 ] && "${NGINX[@]}" -t -g "pid $TMP/nginx/nginx.pid;" 2>"$TMP/nginx-t.log"; then
  pass "nginx accepts deploy/nginx.conf (replicas and port swapped: $swapped lines)"
else
  fail "deploy/nginx.conf: $swapped of 3 lines swapped, or nginx -t refused it:"
  cat "$TMP/nginx-t.log" 2>/dev/null
  exit 1
fi

# --- two instances starting at once on an empty database ----------------------------------
psql "$PG_ADMIN_URL" -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE $DB" >/dev/null
started=$(date +%s)
start_instance a "$PORT_A"
start_instance b "$PORT_B"
wait_ready a "$PORT_A"
wait_ready b "$PORT_B"
note "both instances ready in $(($(date +%s) - started)) s"
applied=$(cat "$TMP/a.log" "$TMP/b.log" | grep -c '"msg":"migrations applied"' || true)
rows=$(psql "$DATABASE_URL" -qAt -c "SELECT count(*) || ' ' || count(DISTINCT name) FROM schema_migrations")
files=$(ls migrations/*.ts | grep -vc '\.d\.ts$')
if [ "$applied" = 1 ] && [ "$rows" = "$files $files" ]; then
  pass "two instances started together: one applied the $files migrations, the other waited for the lock"
else
  fail "migrations: $applied instances applied some; schema_migrations has '$rows' (rows, names), $files files"
fi

# The demo, seeded while both run (as `docker compose exec app1 … seed.js` does): the other
# instance learns of the new sites through Redis.
if env -i "${APP_ENV[@]}" PORT=0 node_modules/.bin/tsx server/cli/seed.ts >"$TMP/seed.log" 2>&1; then
  note "$(grep -m1 'Dữ liệu mẫu' "$TMP/seed.log" || true)"
else
  fail "npm run seed failed:"
  tail -n 20 "$TMP/seed.log"
  exit 1
fi

# --- nginx ----------------------------------------------------------------------------------
"${NGINX[@]}" -g "daemon off; pid $TMP/nginx/nginx.pid;" >"$NGINX_LOG" 2>"$TMP/nginx/error.log" &
NGINX_PID=$!
for _ in $(seq 1 100); do
  [ "$(req "$PORT_NGINX" /healthz 2>/dev/null)" = 200 ] && break
  sleep 0.1
done

# 1. The portal through nginx; the app's own compression passes through.
status=$(req "$PORT_NGINX" / -H 'Accept-Encoding: gzip')
encoding=$(header content-encoding)
home=$(req "$PORT_NGINX" /)
if [ "$status" = 200 ] && [ "$home" = 200 ] && grep -q 'Tuyên Quang' "$TMP/body" && [ "$encoding" = gzip ]; then
  pass "portal home through nginx: 200 for Host $DOMAIN:$PORT_NGINX, gzip from the app passed through"
else
  fail "portal home through nginx: $status/$home, Content-Encoding '$encoding'"
fi

# 2. Requests are spread over both instances.
for i in $(seq 1 20); do req "$PORT_NGINX" "/tim-kiem?q=phan-bo-$i" >/dev/null; done
on_a=$(answered_by 'phan-bo-' | grep -cx "$ADDR_A" || true)
on_b=$(answered_by 'phan-bo-' | grep -cx "$ADDR_B" || true)
if [ "$on_a" -gt 0 ] && [ "$on_b" -gt 0 ] && [ $((on_a + on_b)) = 20 ]; then
  pass "20 searches through nginx: $on_a answered by instance A, $on_b by instance B"
else
  fail "20 searches through nginx: A $on_a, B $on_b"
fi
# nginx's request id is the one the instance logs.
rid=$({ grep -F 'phan-bo-1"' "$NGINX_LOG" || true; } | sed -n 's/.*"request_id":"\([0-9a-f]*\)".*/\1/p')
if [ -n "$rid" ] && grep -qF "\"id\":\"$rid\"" "$TMP/a.log" "$TMP/b.log"; then
  pass "X-Request-Id: nginx's request id $rid is in the instance's log"
else
  fail "X-Request-Id: nginx's request id '$rid' not found in the instances' logs"
fi

# 3. Sign in through nginx, as a visitor at 127.0.0.2 who also sends forged forwarding headers:
#    nginx replaces them, so the app records the visitor's real address and plain http.
JAR=$TMP/cookies
FORGED=(--interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.9' -H 'X-Forwarded-Proto: https'
  -H "X-Forwarded-Host: stc.$DOMAIN")
req "$PORT_NGINX" /admin/dang-nhap -c "$JAR" -b "$JAR" "${FORGED[@]}" >/dev/null
cookie=$(header set-cookie)
csrf=$(sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' "$TMP/body" | head -n1)
signin=$(req "$PORT_NGINX" /admin/dang-nhap -c "$JAR" -b "$JAR" "${FORGED[@]}" \
  --data-urlencode "_csrf=$csrf" --data-urlencode "email=$SIGN_IN_AS" \
  --data-urlencode "password=$DEMO_PASSWORD" --data-urlencode next=)
location=$(header location)
ip=$(psql "$DATABASE_URL" -qAt -c "SELECT ip FROM audit_log WHERE action = 'auth.signIn' ORDER BY at DESC LIMIT 1" 2>/dev/null || true)
if [ "$signin" = 303 ] && [ "$location" = /admin ]; then
  pass "sign-in through nginx: 303 to /admin"
else
  fail "sign-in through nginx: $signin to '$location'"
fi
if [ "$ip" = 127.0.0.2 ] && [ -n "$cookie" ] && ! grep -qi '; *secure' <<<"$cookie"; then
  pass "forwarded headers: the app saw the visitor 127.0.0.2 over http (forged X-Forwarded-* dropped)"
else
  fail "forwarded headers: audit ip '$ip' (want 127.0.0.2), session cookie '$cookie' (want no Secure)"
fi
# The same app does believe a trusted peer: directly, X-Forwarded-Proto https makes the cookie Secure.
req "$PORT_A" /admin/dang-nhap -H 'X-Forwarded-Proto: https' >/dev/null
if grep -qi '; *secure' <<<"$(header set-cookie)"; then
  pass "TRUST_PROXY=$TRUST_PROXY: the app takes X-Forwarded-Proto from its peer (so nginx must set it)"
else
  fail "TRUST_PROXY=$TRUST_PROXY: X-Forwarded-Proto https from the peer not believed: '$(header set-cookie)'"
fi

# 4. That session is honoured by both instances.
signed_in() { # port marker: GET /admin with the session; 0 when it shows the signed-in back office
  [ "$(req "$1" "/admin?$2" -b "$JAR")" = 200 ] && grep -q 'Đăng xuất' "$TMP/body"
}
ok=0
for i in $(seq 1 10); do signed_in "$PORT_NGINX" "phien-$i" && ok=$((ok + 1)); done
sa=$(answered_by '/admin?phien-' | grep -cx "$ADDR_A" || true)
sb=$(answered_by '/admin?phien-' | grep -cx "$ADDR_B" || true)
if [ "$ok" = 10 ] && [ "$sa" -gt 0 ] && [ "$sb" -gt 0 ]; then
  pass "signed in on both: 10 of 10 back-office pages through nginx ($sa from A, $sb from B)"
else
  fail "signed in on both: $ok of 10 signed-in pages (A $sa, B $sb)"
fi

# 5. Absolute redirects keep the host and port the browser used.
status=$(req "$PORT_NGINX" /gioi-thieu -H "Host: www.$DOMAIN:$PORT_NGINX")
location=$(header location)
if [ "$status" = 301 ] && [ "$location" = "http://$DOMAIN:$PORT_NGINX/gioi-thieu" ]; then
  pass "www.$DOMAIN through nginx: 301 to $location"
else
  fail "www.$DOMAIN through nginx: $status to '$location'"
fi

# 6. /metrics is not served through nginx (it would be: nginx reaches the app over loopback here).
through=$(req "$PORT_NGINX" /metrics)
direct=$(req "$PORT_A" /metrics)
if [ "$through" = 404 ] && [ "$direct" = 200 ]; then
  pass "/metrics: 404 through nginx, 200 on the instance itself"
else
  fail "/metrics: $through through nginx (want 404), $direct on the instance"
fi

# 7. Bodies: 2 MB reach the app (through nginx's temp file); over client_max_body_size, 413.
truncate -s 2M "$TMP/2m"
truncate -s 46M "$TMP/46m"
small=$(req "$PORT_NGINX" /tim-kiem?than=nho -H 'Content-Type: application/octet-stream' --data-binary @"$TMP/2m")
small_up=$(answered_by 'than=nho')
big=$(req "$PORT_NGINX" /tim-kiem?than=lon -H 'Content-Type: application/octet-stream' --data-binary @"$TMP/46m")
big_up=$(answered_by 'than=lon')
if [ "$small" != 413 ] && [ "$small" != 000 ] && [ -n "$small_up" ] && [ "$small_up" != - ] && [ "$big" = 413 ] && { [ -z "$big_up" ] || [ "$big_up" = - ]; }; then
  pass "request bodies: 2 MB passed to the app ($small from it), 46 MB refused by nginx (413)"
else
  fail "request bodies: 2 MB $small (upstream '$small_up'), 46 MB $big (upstream '$big_up')"
fi

# 8. A replica stops (SIGTERM, as in `docker compose stop app1`) while visitors keep coming:
#    nginx retries the GETs that meet it on the other one. Then the other way round.
TRAFFIC=()
traffic() { # marker: two visitors, 40 GETs each (home, search); status codes to $TMP/codes-<marker>
  TRAFFIC=()
  : >"$TMP/codes-$1"
  for v in 1 2; do
    (for i in $(seq 1 40); do
      path=/?$1-$v-$i
      [ "$v" = 2 ] && path=/tim-kiem?q=$1-$v-$i
      curl -sS --noproxy '*' --max-time 20 -o /dev/null -w '%{http_code}\n' \
        --resolve "$DOMAIN:$PORT_NGINX:127.0.0.1" "http://$DOMAIN:$PORT_NGINX$path" >>"$TMP/codes-$1" || true
      sleep 0.05
    done) &
    TRAFFIC+=($!)
  done
}
failover() { # name-to-stop name-left addr-left marker
  traffic "$4"
  sleep 0.5
  stop_instance "$1"
  for pid in "${TRAFFIC[@]}"; do wait "$pid" || true; done
  local total good after others
  total=$(wc -l <"$TMP/codes-$4")
  good=$(grep -cx 200 "$TMP/codes-$4" || true)
  # After the stop, every request is answered by the one left.
  for i in $(seq 1 10); do req "$PORT_NGINX" "/?$4-sau-$i" >/dev/null; done
  after=$(answered_by "$4-sau-" | grep -cx "$3" || true)
  if [ "$good" = 80 ] && [ "$total" = 80 ] && [ "$after" = 10 ] && signed_in "$PORT_NGINX" "$4-phien"; then
    pass "instance ${1^^} stopped under traffic: $good of $total GETs 200; then all from ${2^^}, still signed in"
  else
    fail "instance ${1^^} stopped under traffic: $good of $total GETs 200 ($(sort "$TMP/codes-$4" | uniq -c | tr -s ' \n' ' ')); after it, $after of 10 from ${2^^}"
  fi
  retried=$({ grep -F "$4-" "$NGINX_LOG" || true; } | grep -c '"upstream":"[^"]*, ' || true)
  note "requests that met the stopping instance and were retried on the other: $retried"
}
failover a b "$ADDR_B" dung-a

start_instance a "$PORT_A"
wait_ready a "$PORT_A"
back=0
for i in $(seq 1 60); do
  req "$PORT_NGINX" "/?tro-lai-$i" >/dev/null
  if answered_by "tro-lai-$i" | grep -qx "$ADDR_A"; then back=1; break; fi
  sleep 0.2
done
if [ "$back" = 1 ]; then
  pass "instance A restarted: nginx sends requests to it again"
else
  fail "instance A restarted, but nginx sent it none of $i requests"
fi

failover b a "$ADDR_A" dung-b

# 9. nginx's own errors: only the connections the stopped instances refused and the 46 MB body.
unexpected=$(grep -E '\[(error|crit|alert|emerg)\]' "$TMP/nginx/error.log" |
  grep -vE 'connect\(\) failed \(111: Connection refused\)|client intended to send too large body' || true)
if [ -z "$unexpected" ]; then
  pass "nginx error log: only the refused connections of the stopped instances and the 413"
else
  fail "nginx error log:"
  echo "$unexpected" | head -n 10
fi

echo
echo "try-nginx: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
