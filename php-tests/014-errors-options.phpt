--TEST--
Constructor: unknown option (ValueError), wrong option type (TypeError), bad value (ValueError), bad URL (ValueError without the password); all at construction
--EXTENSIONS--
socketio
--FILE--
<?php
function attempt(callable $fn): void
{
    try {
        $fn();
        echo "accepted\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
        if (str_contains($e->getMessage(), 'Pw0rd') || str_contains($e->getMessage(), 'S3CR3T')) {
            echo "  PASSWORD LEAKED\n";
        }
    }
}
$url = 'redis://127.0.0.1:6379';

echo "-- unknown options\n";
attempt(fn () => new SocketIO\Emitter($url, ['bogus' => 1]));
attempt(fn () => new SocketIO\Emitter($url, ['Key' => 'x']));
attempt(fn () => new SocketIO\Emitter($url, [0 => 'x']));
attempt(fn () => new SocketIO\Emitter($url, ['tls' => ['cafile' => '/x', 'verify' => true]]));

echo "-- wrong types\n";
attempt(fn () => new SocketIO\Emitter($url, ['key' => 5]));
attempt(fn () => new SocketIO\Emitter($url, ['connect_timeout' => []]));
attempt(fn () => new SocketIO\Emitter($url, ['persistent' => 'yes']));
attempt(fn () => new SocketIO\Emitter($url, ['cluster' => 1]));
attempt(fn () => new SocketIO\Emitter($url, ['tls' => 'yes']));
attempt(fn () => new SocketIO\Emitter($url, ['tls' => ['verify_peer' => 'no']]));
attempt(fn () => new SocketIO\Emitter($url, ['password' => 12345]));
attempt(fn () => new SocketIO\Emitter($url, ['username' => ['u']]));
attempt(fn () => new SocketIO\Emitter($url, ['on_error' => false]));
attempt(fn () => new SocketIO\Emitter(12));

echo "-- bad values\n";
// Numeric strings are numbers, as in php.ini; null means the php.ini default.
attempt(fn () => new SocketIO\Emitter($url, ['timeout' => 'abc']));
attempt(fn () => new SocketIO\Emitter($url, ['timeout' => '2.5', 'backoff' => null]));
attempt(fn () => new SocketIO\Emitter($url, ['on_error' => 'ignore']));
attempt(fn () => new SocketIO\Emitter($url, ['adapter' => 'cluster']));
attempt(fn () => new SocketIO\Emitter($url, ['subscription_mode' => 'dynamic_private']));
attempt(fn () => new SocketIO\Emitter($url, ['timeout' => -1]));
attempt(fn () => new SocketIO\Emitter($url, ['connect_timeout' => NAN]));

echo "-- accepted values\n";
attempt(fn () => new SocketIO\Emitter($url, ['key' => 'k', 'connect_timeout' => 0.5, 'timeout' => 2, 'backoff' => 0,
    'on_error' => 'warning', 'persistent' => false, 'tls' => ['verify_peer' => false, 'verify_peer_name' => false],
    'adapter' => 'redis', 'subscription_mode' => 'static', 'username' => 'u', 'password' => 'p']));
attempt(fn () => new SocketIO\Emitter($url, ['adapter' => 'sharded', 'subscription_mode' => 'dynamic-private', 'cluster' => true]));
attempt(fn () => new SocketIO\Emitter(null, []));
attempt(fn () => new SocketIO\Emitter());

echo "-- bad URLs\n";
foreach (['', 'http://127.0.0.1:6379', '127.0.0.1:6379', 'redis://', 'redis://127.0.0.1:notaport',
    'redis://127.0.0.1:99999', 'redis://alice:Pw0rd-S3CR3T@127.0.0.1:bad', 'redis://:Pw0rd-S3CR3T@[::1:6379',
    'rediss://u:Pw0rd%zzS3CR3T@h:1', 'unix://'] as $bad) {
    echo var_export($bad, true), "\n  ";
    attempt(fn () => new SocketIO\Emitter($bad));
}
?>
--EXPECT--
-- unknown options
ValueError: SocketIO\Emitter::__construct(): unknown option "bogus"
ValueError: SocketIO\Emitter::__construct(): unknown option "Key"
ValueError: SocketIO\Emitter::__construct(): unknown option 0
ValueError: SocketIO\Emitter::__construct(): option "tls" has an unknown key "verify" (known: cafile, verify_peer, verify_peer_name, local_cert, local_pk)
-- wrong types
TypeError: SocketIO\Emitter::__construct(): option "key" must be of type string, int given
TypeError: SocketIO\Emitter::__construct(): option "connect_timeout" must be of type int|float, array given
TypeError: SocketIO\Emitter::__construct(): option "persistent" must be of type bool, string given
TypeError: SocketIO\Emitter::__construct(): option "cluster" must be of type bool, int given
TypeError: SocketIO\Emitter::__construct(): option "tls" must be of type array, string given
TypeError: SocketIO\Emitter::__construct(): option "tls.verify_peer" must be of type bool, string given
TypeError: SocketIO\Emitter::__construct(): option "password" must be of type string, int given
TypeError: SocketIO\Emitter::__construct(): option "username" must be of type string, array given
TypeError: SocketIO\Emitter::__construct(): option "on_error" must be of type string, bool given
TypeError: SocketIO\Emitter::__construct(): Argument #1 ($url) must be of type array|string|null, int given
-- bad values
ValueError: SocketIO\Emitter::__construct(): option "timeout" must be a non-negative number, got "abc"
accepted
ValueError: SocketIO\Emitter::__construct(): option "on_error" must be "exception", "warning" or "log", got "ignore"
ValueError: SocketIO\Emitter::__construct(): option "adapter" must be "redis", "sharded" or "streams", got "cluster"
ValueError: SocketIO\Emitter::__construct(): option "subscription_mode" must be "dynamic", "static" or "dynamic-private", got "dynamic_private"
ValueError: SocketIO\Emitter::__construct(): option "timeout" must be a non-negative number, got -1
ValueError: SocketIO\Emitter::__construct(): option "connect_timeout" must be a non-negative number, got NaN
-- accepted values
accepted
accepted
accepted
accepted
-- bad URLs
''
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: a Redis URL must start with redis://, rediss:// or unix://
'http://127.0.0.1:6379'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: unsupported URL scheme 'http': expected redis://, rediss:// or unix://
'127.0.0.1:6379'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: a Redis URL must start with redis://, rediss:// or unix://
'redis://'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: missing host in Redis URL
'redis://127.0.0.1:notaport'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: invalid port in Redis URL (expected a number from 1 to 65535)
'redis://127.0.0.1:99999'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: invalid port in Redis URL (expected a number from 1 to 65535)
'redis://alice:Pw0rd-S3CR3T@127.0.0.1:bad'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: invalid port in Redis URL (expected a number from 1 to 65535)
'redis://:Pw0rd-S3CR3T@[::1:6379'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: unterminated IPv6 address in Redis URL (missing ']')
'rediss://u:Pw0rd%zzS3CR3T@h:1'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: invalid percent-encoding in the Redis URL's password
'unix://'
  ValueError: SocketIO\Emitter::__construct(): Argument #1 ($url) is not a valid Redis URL: the socket path in a unix:// URL must be absolute (unix:///path/to/redis.sock)
