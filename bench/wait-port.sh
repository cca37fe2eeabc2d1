# Sourced by the bench scripts: wait_port PORT waits up to 10 s for a server on 127.0.0.1:PORT to accept.
wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 did not open" >&2
  return 1
}
