<?php
// Shared by the phpt tests. Tests run under `php -n` (no phpredis), so Redis is spoken here by
// hand: a spy that PSUBSCRIBEs '*' on the test Redis lets a test read back the exact channel and
// bytes the extension published, or prove that nothing was published.

function socketio_test_url(): string
{
    $url = getenv('SOCKETIO_TEST_REDIS');
    if (!is_string($url) || $url === '') {
        // A failure, not a skip: a suite that silently skips proves nothing.
        echo "SOCKETIO_TEST_REDIS is not set: run the tests with php-tests/run.sh\n";
        exit(1);
    }
    return $url;
}

/** The loaded socketio .so, so a test can start a child php with the same extension. */
function socketio_test_so(): string
{
    $so = getenv('SOCKETIO_TEST_SO');
    if (is_string($so) && $so !== '' && is_file($so)) {
        return $so;
    }
    foreach (file('/proc/self/maps') ?: [] as $line) {
        if (preg_match('~\s(/\S*socketio\S*\.so)$~', rtrim($line), $m)) {
            return $m[1];
        }
    }
    echo "cannot find the socketio .so\n";
    exit(1);
}

/** Runs a child php with only the extension loaded (no php.ini); returns stdout+stderr. */
function socketio_test_child(string $args): string
{
    $cmd = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg(socketio_test_so()) . ' ' . $args . ' 2>&1';
    return (string) shell_exec($cmd);
}

/** A loopback port nobody listens on (bound then released), for "Redis is down". */
function socketio_test_closed_port(): int
{
    $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
    if ($server === false) {
        echo "cannot bind: $errstr\n";
        exit(1);
    }
    $port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
    fclose($server);
    return $port;
}

/** One RESP connection. */
class RespConnection
{
    /** @var resource */
    private $sock;
    private string $buf = '';

    public function __construct(?string $url = null)
    {
        $parts = parse_url($url ?? socketio_test_url());
        $host = $parts['host'] ?? '127.0.0.1';
        $port = $parts['port'] ?? 6379;
        $sock = stream_socket_client("tcp://$host:$port", $errno, $errstr, 2.0);
        if ($sock === false) {
            echo "spy cannot connect to $host:$port: $errstr\n";
            exit(1);
        }
        $this->sock = $sock;
    }

    public function send(string ...$args): void
    {
        $cmd = '*' . count($args) . "\r\n";
        foreach ($args as $a) {
            $cmd .= '$' . strlen($a) . "\r\n" . $a . "\r\n";
        }
        fwrite($this->sock, $cmd);
    }

    /** @return mixed the next reply; NULL on timeout (a nil reply is returned as false) */
    public function read(float $timeout = 2.0): mixed
    {
        $deadline = microtime(true) + $timeout;
        $line = $this->line($deadline);
        if ($line === null) {
            return null;
        }
        $rest = substr($line, 1);
        switch ($line[0]) {
            case '+':
                return $rest;
            case '-':
                return new RuntimeException($rest);
            case ':':
                return (int) $rest;
            case '$':
                if ((int) $rest < 0) {
                    return false;
                }
                $data = $this->bytes((int) $rest + 2, $deadline);
                return $data === null ? null : substr($data, 0, -2);
            case '*':
                $items = [];
                for ($i = 0, $n = (int) $rest; $i < $n; $i++) {
                    $items[] = $this->read(max(0.01, $deadline - microtime(true)));
                }
                return $items;
        }
        throw new LogicException("unexpected RESP: $line");
    }

    public function call(string ...$args): mixed
    {
        $this->send(...$args);
        return $this->read();
    }

    private function line(float $deadline): ?string
    {
        while (($pos = strpos($this->buf, "\r\n")) === false) {
            if (!$this->fill($deadline)) {
                return null;
            }
        }
        $line = substr($this->buf, 0, $pos);
        $this->buf = substr($this->buf, $pos + 2);
        return $line;
    }

    private function bytes(int $n, float $deadline): ?string
    {
        while (strlen($this->buf) < $n) {
            if (!$this->fill($deadline)) {
                return null;
            }
        }
        $data = substr($this->buf, 0, $n);
        $this->buf = substr($this->buf, $n);
        return $data;
    }

    private function fill(float $deadline): bool
    {
        $left = $deadline - microtime(true);
        if ($left <= 0) {
            return false;
        }
        $r = [$this->sock];
        $w = $e = null;
        if (stream_select($r, $w, $e, (int) $left, (int) (($left - (int) $left) * 1e6)) < 1) {
            return false;
        }
        $chunk = fread($this->sock, 65536);
        if ($chunk === false || $chunk === '') {
            return false;
        }
        $this->buf .= $chunk;
        return true;
    }
}

/** Sees every PUBLISH on the test Redis. */
class RedisSpy
{
    private RespConnection $sub;
    private ?RespConnection $ctl = null;
    private int $markers = 0;

    public function __construct(?string $url = null)
    {
        $this->sub = new RespConnection($url);
        $reply = $this->sub->call('PSUBSCRIBE', '*');
        if (!is_array($reply) || $reply[0] !== 'psubscribe') {
            echo "PSUBSCRIBE failed\n";
            exit(1);
        }
        $this->ctl = new RespConnection($url);
    }

    /** @return array{0: string, 1: string}|null [channel, payload] of the next message */
    public function next(float $timeout = 2.0): ?array
    {
        $msg = $this->sub->read($timeout);
        if (!is_array($msg)) {
            return null;
        }
        return $msg[0] === 'pmessage' ? [$msg[2], $msg[3]] : [$msg[1], $msg[2]];
    }

    /** The next message as "channel hex" (binary payloads, i.e. msgpack broadcasts). */
    public function hex(): string
    {
        $m = $this->next();
        return $m === null ? 'NOTHING PUBLISHED' : $m[0] . ' ' . bin2hex($m[1]);
    }

    /** The next message as "channel payload" (text payloads, i.e. JSON requests). */
    public function text(): string
    {
        $m = $this->next();
        return $m === null ? 'NOTHING PUBLISHED' : $m[0] . ' ' . $m[1];
    }

    /**
     * For `$io->emit('v', $value)` on the root namespace: checks the whole message around the
     * value (channel, uid, packet, opts) and returns only the value's hex, so value-mapping tests
     * stay readable while still asserting every byte.
     */
    public function arg(): string
    {
        $m = $this->next();
        if ($m === null) {
            return 'NOTHING PUBLISHED';
        }
        $head = '93a7656d697474657283a47479706502a46461746192a176';
        $tail = 'a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490';
        $hex = bin2hex($m[1]);
        if ($m[0] !== 'socket.io#/#' || !str_starts_with($hex, $head) || !str_ends_with($hex, $tail)) {
            return 'UNEXPECTED ' . $m[0] . ' ' . $hex;
        }
        return substr($hex, strlen($head), -strlen($tail));
    }

    /**
     * Proves nothing was published since the last message read: publishes a marker from another
     * connection; Redis handles commands one at a time, so anything the extension published
     * before returning reaches the spy before the marker.
     */
    public function nothing(): string
    {
        $marker = 'spy-marker-' . getmypid() . '-' . ++$this->markers;
        $this->ctl->call('PUBLISH', $marker, 'x');
        $seen = [];
        while (($m = $this->next()) !== null) {
            if ($m[0] === $marker) {
                return $seen ? 'PUBLISHED: ' . implode('; ', $seen) : 'nothing published';
            }
            $seen[] = $m[0] . ' ' . bin2hex($m[1]);
        }
        return 'spy lost: marker not seen';
    }

    public function redis(): RespConnection
    {
        return $this->ctl;
    }
}

/** Prints the class and message of what $fn throws (or its return value), then what was published. */
function socketio_test_throws(RedisSpy $spy, callable $fn): void
{
    try {
        $r = $fn();
        echo 'no exception, returned ', var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    echo '  ', $spy->nothing(), "\n";
}

/** "d920 + 32 bytes" when $hex is a header followed by exactly $body; the full hex otherwise. */
function socketio_test_header(string $hex, string $body): string
{
    $b = bin2hex($body);
    if ($b !== '' && str_ends_with($hex, $b)) {
        return substr($hex, 0, -strlen($b)) . ' + ' . strlen($body) . ' bytes';
    }
    return $hex;
}
