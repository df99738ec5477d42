<?php
// A FastCGI load driver for bench/fpm.sh: speaks FastCGI to php-fpm directly (no web server in
// between, so what differs between variants is PHP's own work), over keep-alive connections
// (FCGI_KEEP_CONN: one connection per worker for the whole run, nothing reconnects).
//
//   php fcgi_load.php rate    <host:port> <script> <REDIS_PORT> <connections> <seconds>
//       -> {"requests": n, "seconds": s}     requests completed by <connections> at once
//   php fcgi_load.php latency <host:port> <script> <REDIS_PORT> <requests>
//       -> {"latencies_us": [...]}           one request at a time, each timed alone
//
// A request counts only when php-fpm ended it with status 0 and its body says "ok":true; any
// other answer stops the run with exit 1 (a benchmark of error pages proves nothing).

const FCGI_BEGIN_REQUEST = 1;
const FCGI_END_REQUEST = 3;
const FCGI_PARAMS = 4;
const FCGI_STDIN = 5;
const FCGI_STDOUT = 6;
const FCGI_RESPONDER = 1;
const FCGI_KEEP_CONN = 1;

function record(int $type, string $body, int $id = 1): string
{
    return pack('CCnnCC', 1, $type, $id, strlen($body), 0, 0) . $body;
}

function pair(string $name, string $value): string
{
    $len = static fn (int $n): string => $n < 128 ? chr($n) : pack('N', $n | 0x80000000);
    return $len(strlen($name)) . $len(strlen($value)) . $name . $value;
}

/** One GET request of `$script`, as bytes (the same for every request of a run). */
function request_bytes(string $script, int $redisPort): string
{
    $params = [
        'GATEWAY_INTERFACE' => 'FastCGI/1.0', 'REQUEST_METHOD' => 'GET', 'SERVER_PROTOCOL' => 'HTTP/1.1',
        'SCRIPT_FILENAME' => $script, 'SCRIPT_NAME' => '/' . basename($script),
        'REQUEST_URI' => '/' . basename($script), 'QUERY_STRING' => '', 'DOCUMENT_ROOT' => dirname($script),
        'SERVER_NAME' => '127.0.0.1', 'SERVER_PORT' => '80', 'REMOTE_ADDR' => '127.0.0.1',
        'CONTENT_LENGTH' => '0', 'REDIS_PORT' => (string) $redisPort,
    ];
    $body = '';
    foreach ($params as $k => $v) {
        $body .= pair($k, $v);
    }
    return record(FCGI_BEGIN_REQUEST, pack('nCx5', FCGI_RESPONDER, FCGI_KEEP_CONN))
        . record(FCGI_PARAMS, $body) . record(FCGI_PARAMS, '') . record(FCGI_STDIN, '');
}

final class Conn
{
    /** @var resource */
    public $sock;
    public string $buf = '';
    public string $stdout = '';
    public int $started = 0;

    public function __construct(string $addr)
    {
        $sock = stream_socket_client("tcp://$addr", $errno, $errstr, 5);
        if ($sock === false) {
            fwrite(STDERR, "connect $addr: $errstr\n");
            exit(1);
        }
        stream_set_write_buffer($sock, 0);
        $this->sock = $sock;
    }

    public function send(string $request): void
    {
        $this->started = hrtime(true);
        if (fwrite($this->sock, $request) !== strlen($request)) {
            fwrite(STDERR, "short write\n");
            exit(1);
        }
    }

    /** Reads what is there; true once the request has ended (checked). */
    public function receive(): bool
    {
        $chunk = fread($this->sock, 65536);
        if ($chunk === false || ($chunk === '' && feof($this->sock))) {
            fwrite(STDERR, "php-fpm closed the connection\n");
            exit(1);
        }
        $this->buf .= $chunk;
        while (strlen($this->buf) >= 8) {
            $h = unpack('Cversion/Ctype/nid/nlen/Cpad', $this->buf);
            $total = 8 + $h['len'] + $h['pad'];
            if (strlen($this->buf) < $total) {
                return false;
            }
            $body = substr($this->buf, 8, $h['len']);
            $this->buf = substr($this->buf, $total);
            if ($h['type'] === FCGI_STDOUT) {
                $this->stdout .= $body;
            } elseif ($h['type'] === FCGI_END_REQUEST) {
                $status = unpack('Napp', $body)['app'];
                if ($status !== 0 || !str_contains($this->stdout, '"ok":true')) {
                    fwrite(STDERR, "bad answer (status $status):\n" . substr($this->stdout, 0, 2000) . "\n");
                    exit(1);
                }
                $this->stdout = '';
                return true;
            }
        }
        return false;
    }
}

[$_, $mode, $addr, $script, $redisPort] = array_slice($argv, 0, 5) + [null, null, null, null, null];
$request = request_bytes((string) $script, (int) $redisPort);

if ($mode === 'latency') {
    $n = (int) $argv[5];
    $c = new Conn($addr);
    $lat = [];
    for ($i = 0; $i < $n; $i++) {
        $c->send($request);
        do {
            $r = [$c->sock];
            $w = $e = null;
            stream_select($r, $w, $e, 10);
        } while (!$c->receive());
        $lat[] = intdiv(hrtime(true) - $c->started, 1000);
    }
    echo json_encode(['latencies_us' => $lat]), "\n";
    exit(0);
}

if ($mode === 'rate') {
    $conns = [];
    for ($i = 0; $i < (int) $argv[5]; $i++) {
        $conns[] = new Conn($addr);
    }
    $seconds = (float) $argv[6];
    $start = hrtime(true);
    $end = $start + (int) ($seconds * 1e9);
    $done = 0;
    foreach ($conns as $c) {
        $c->send($request);
    }
    $open = count($conns);
    while ($open > 0) {
        $r = array_map(static fn (Conn $c) => $c->sock, array_filter($conns));
        $w = $e = null;
        if (stream_select($r, $w, $e, 10) === 0) {
            fwrite(STDERR, "no answer within 10 s\n");
            exit(1);
        }
        foreach ($r as $sock) {
            foreach ($conns as $k => $c) {
                if ($c !== null && $c->sock === $sock && $c->receive()) {
                    $done++;
                    // Requests started before the end complete; none starts after it.
                    if (hrtime(true) < $end) {
                        $c->send($request);
                    } else {
                        $conns[$k] = null;
                        $open--;
                    }
                }
            }
        }
    }
    echo json_encode(['requests' => $done, 'seconds' => (hrtime(true) - $start) / 1e9]), "\n";
    exit(0);
}

fwrite(STDERR, "usage: fcgi_load.php rate|latency ...\n");
exit(2);
