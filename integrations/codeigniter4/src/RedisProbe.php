<?php

declare(strict_types=1);

namespace SocketIO\CodeIgniter;

use RuntimeException;

/**
 * One short-lived connection to Redis for `spark socketio:check`: AUTH when credentials are
 * given, then PING (the round trip) and INFO server (the version). The extension publishes only,
 * so this diagnostic speaks RESP over a PHP stream itself. Every read and write is bounded by
 * the timeout; nothing here is used on the request path.
 */
final class RedisProbe
{
    /** @var resource */
    private $stream;

    private function __construct(private readonly string $shownUrl, private readonly float $timeout)
    {
    }

    /**
     * @param string $url redis://, rediss:// or unix:// URL (user and password percent-encoded)
     *
     * @return array{version: string, mode: string, round_trip_ms: float}
     *
     * @throws RuntimeException naming the URL without its password and what failed
     */
    public static function probe(
        string $url,
        float $timeout = 1.0,
        ?string $username = null,
        #[\SensitiveParameter] ?string $password = null,
    ): array {
        $probe = new self(Redact::url($url), $timeout);
        [$address, $context, $urlUser, $urlPassword] = self::parse($url);
        $probe->connect($address, $context);

        try {
            $password ??= $urlPassword;
            $username ??= $urlUser;
            if ($password !== null) {
                $probe->command($username !== null ? ['AUTH', $username, $password] : ['AUTH', $password], 'AUTH');
            }
            $start = hrtime(true);
            $pong = $probe->command(['PING'], 'PING');
            $roundTripMs = (hrtime(true) - $start) / 1e6;
            if ($pong !== 'PONG') {
                throw new RuntimeException("unexpected reply to PING from {$probe->shownUrl}");
            }
            $info = (string) $probe->command(['INFO', 'server'], 'INFO');

            return [
                'version'       => self::infoField($info, 'redis_version') ?? 'unknown',
                'mode'          => self::infoField($info, 'redis_mode') ?? 'standalone',
                'round_trip_ms' => $roundTripMs,
            ];
        } finally {
            fclose($probe->stream);
        }
    }

    /**
     * @return array{0: string, 1: resource, 2: ?string, 3: ?string} stream address, context,
     *     user, password
     */
    private static function parse(string $url): array
    {
        $shown = Redact::url($url);
        if (preg_match('~^unix://(?:([^@/]*)@)?(/.+)$~', $url, $m) === 1) {
            [$user, $password] = self::userinfo($m[1]);

            return ['unix://' . $m[2], stream_context_create(), $user, $password];
        }
        $parts = parse_url($url);
        if ($parts === false || ! isset($parts['scheme'], $parts['host']) || ! in_array($parts['scheme'], ['redis', 'rediss'], true)) {
            throw new RuntimeException("not a redis://, rediss:// or unix:// URL: {$shown}");
        }
        $transport = $parts['scheme'] === 'rediss' ? 'tls' : 'tcp';
        $host = str_contains($parts['host'], ':') && $parts['host'][0] !== '[' ? "[{$parts['host']}]" : $parts['host'];
        $userinfo = isset($parts['user']) ? $parts['user'] . (isset($parts['pass']) ? ':' . $parts['pass'] : '') : '';
        [$user, $password] = self::userinfo($userinfo);

        return ["{$transport}://{$host}:" . ($parts['port'] ?? 6379), stream_context_create(), $user, $password];
    }

    /** @return array{0: ?string, 1: ?string} */
    private static function userinfo(string $userinfo): array
    {
        if ($userinfo === '') {
            return [null, null];
        }
        $colon = strpos($userinfo, ':');
        if ($colon === false) {
            return [rawurldecode($userinfo), null];
        }
        $user = rawurldecode(substr($userinfo, 0, $colon));

        return [$user === '' ? null : $user, rawurldecode(substr($userinfo, $colon + 1))];
    }

    /** @param resource $context */
    private function connect(string $address, $context): void
    {
        $stream = @stream_socket_client($address, $errno, $error, $this->timeout, STREAM_CLIENT_CONNECT, $context);
        if ($stream === false) {
            throw new RuntimeException("could not connect to {$this->shownUrl}: " . ($error !== '' ? $error : "error {$errno}"));
        }
        $seconds = (int) $this->timeout;
        stream_set_timeout($stream, $seconds, (int) (($this->timeout - $seconds) * 1e6));
        $this->stream = $stream;
    }

    /**
     * @param list<string> $args
     */
    private function command(array $args, string $name): string|int|null
    {
        $frame = '*' . count($args) . "\r\n";
        foreach ($args as $arg) {
            $frame .= '$' . strlen($arg) . "\r\n{$arg}\r\n";
        }
        for ($written = 0; $written < strlen($frame); $written += $n) {
            $n = @fwrite($this->stream, substr($frame, $written));
            if ($n === false || $n === 0) {
                throw new RuntimeException("{$name}: write to {$this->shownUrl} failed");
            }
        }

        return $this->reply($name);
    }

    private function reply(string $name): string|int|null
    {
        $line = $this->line($name);
        $type = $line[0] ?? '';
        $rest = substr($line, 1);

        return match ($type) {
            '+' => $rest,
            ':' => (int) $rest,
            '-' => throw new RuntimeException("{$name} refused by {$this->shownUrl}: {$rest}"),
            '$' => $this->bulk((int) $rest, $name),
            default => throw new RuntimeException("{$name}: unexpected reply from {$this->shownUrl}"),
        };
    }

    private function bulk(int $length, string $name): ?string
    {
        if ($length < 0) {
            return null;
        }
        $data = '';
        while (strlen($data) < $length + 2) {
            $chunk = fread($this->stream, $length + 2 - strlen($data));
            if ($chunk === false || $chunk === '') {
                $this->failRead($name);
            }
            $data .= $chunk;
        }

        return substr($data, 0, $length);
    }

    private function line(string $name): string
    {
        $line = fgets($this->stream);
        if ($line === false) {
            $this->failRead($name);
        }

        return rtrim($line, "\r\n");
    }

    private function failRead(string $name): never
    {
        $timedOut = stream_get_meta_data($this->stream)['timed_out'] ?? false;
        throw new RuntimeException($timedOut
            ? "{$name}: no reply from {$this->shownUrl} within {$this->timeout} s"
            : "{$name}: {$this->shownUrl} closed the connection");
    }

    private static function infoField(string $info, string $field): ?string
    {
        return preg_match('/^' . preg_quote($field, '/') . ':(.*)$/m', $info, $m) === 1 ? trim($m[1]) : null;
    }
}
