<?php

/**
 * IDE stub of the `socketio` extension: publishes Socket.IO events to Redis in the format the
 * official `@socket.io/redis-adapter` consumes (byte-compatible with `@socket.io/redis-emitter`).
 *
 * This file is not loaded by PHP; it documents the API. `php-tests/002-reflection-stub.phpt`
 * compares every class, method, parameter, type and default here with the loaded extension.
 */

namespace SocketIO;

/**
 * Entry point: one namespace of the Socket.IO servers that share a Redis.
 *
 * ```php
 * $io = new SocketIO\Emitter('redis://127.0.0.1:6379');
 * $io->to('team:42')->to('admin')->emit('post', ['id' => 7, 'body' => 'hi']);
 * ```
 *
 * Emitter and BroadcastOperator objects are immutable: `of()`, `to()`, `in()`, `except()`,
 * `volatile()` and `compress()` return a new object and never change the one they are called on,
 * so `$io->to('a'); $io->emit('x');` still broadcasts `x` to every socket of the namespace.
 *
 * Connections are per process and per URL (credentials included): opened on first use, then
 * reused by every Emitter with the same URL and, unless `persistent` is false, by the next
 * requests a php-fpm worker serves.
 *
 * Return values of the publishing methods: the number of Socket.IO server processes (adapters
 * subscribed to that channel) that received the message, as Redis answers PUBLISH. It is a
 * diagnostic, not a delivery receipt: 0 means no Socket.IO server listens on that channel (wrong
 * `key`, wrong namespace, server not running, or the sharded adapter on the other side), and a
 * server that received it may still have no socket in the targeted rooms. `null` when no count
 * is known: the call was queued by {@see Emitter::batch()} (the count is in batch()'s result), or
 * sent without waiting for the reply (`wait => false`). With the Redis Streams adapter
 * (`adapter => 'streams'`) there is no receiver count: the methods return the id of the stream
 * entry they added (`"1795306477058-0"`), which is also the offset a client that receives the
 * event records for connection-state recovery.
 *
 * PHP values are sent as `json_encode()` would describe them, plus binary:
 *
 * | PHP                               | sent as (msgpack / JSON)                                     |
 * |-----------------------------------|--------------------------------------------------------------|
 * | null, bool                        | nil, bool                                                     |
 * | int                               | the smallest msgpack integer                                 |
 * | float (finite)                    | float64; NAN and INF are refused                             |
 * | string                            | str; must be valid UTF-8 (wrap raw bytes in Binary)          |
 * | SocketIO\Binary                   | bin (a Node Buffer on the server)                            |
 * | list (keys 0..n-1 in order)       | array                                                         |
 * | any other array                   | map, keys as strings, in JavaScript's `Object.keys` order    |
 * | JsonSerializable                  | whatever `jsonSerialize()` returns, converted again           |
 * | DateTimeInterface                 | `"2023-11-14T22:13:20.123Z"` (UTC, milliseconds, as Date.toJSON) |
 * | backed enum                       | its value                                                     |
 * | other objects                     | map of their public properties                               |
 *
 * Refused with EncodingException (nothing is published): strings that are not valid UTF-8,
 * NAN/INF, resources, closures, pure enums, recursive arrays or objects, nesting deeper than 512,
 * dates a JavaScript Date cannot hold (before -271821-04-20 or after +275760-09-13) or whose
 * constructor never ran, a Binary whose constructor never ran, and payloads that would take more
 * than `memory_limit` once converted.
 */
final class Emitter
{
    /**
     * @param string|array|null $url `redis://[user[:password]@]host[:port]`, `rediss://…` (TLS),
     *     `unix:///path/to/redis.sock` (password as `unix://:pw@/path`), with user and password
     *     percent-decoded. `null`: the php.ini setting `socketio.url` (default
     *     `redis://127.0.0.1:6379`). A list of URLs: the seed nodes of a Redis Cluster.
     *     `redis+sentinel://[user:password@]host[:port][,host[:port]...]/<master-name>`
     *     (`rediss+sentinel://` for TLS; sentinel port 26379 by default): the master that Redis
     *     Sentinel names, role-checked, followed across failovers; the URL's credentials are the
     *     master's, `?sentinel_password=…&sentinel_username=…` the sentinels' own.
     *     An associative array: read as `$options` (then the address comes from its `host`/`port`
     *     as in the old PHP emitters, `new SocketIO\Emitter(['host' => 'redis', 'port' => 6379])`,
     *     or else from `socketio.url`).
     * @param array $options Where a php.ini setting `socketio.<name>` exists, it is the default
     *     (`php --ri socketio` lists them; `socketio.url` and `socketio.key` may also be changed
     *     with ini_set() and apply to Emitters created afterwards). `null` means that default.
     *     Numeric strings are accepted for the numbers, as in php.ini.
     *     - `key` (string, `socket.io`): channel prefix; the servers' adapter `key` option.
     *     - `connect_timeout` (float seconds, 1): bound on opening a connection: TCP connect, TLS
     *       handshake and AUTH together. `0`: no limit.
     *     - `timeout` (float seconds, 1): bound on one command: writing all of it and reading all of
     *       its reply together, however the server paces its bytes and whatever signals arrive.
     *       `0`: no limit; any positive value is a limit (`1e-9` included). One publish takes at
     *       most `connect_timeout + timeout`, a publish to a Redis Cluster (topology reads,
     *       redirects and retries included) or through Sentinel (asking the sentinels included)
     *       at most `2 × (connect_timeout + timeout)`.
     *     - `backoff` (float seconds, 1): after a failed connect, calls to the same URL fail at once
     *       for this long instead of waiting for `connect_timeout` again.
     *     - `on_error` (`exception` | `warning` | `log`, `exception`): with `warning`, a connection
     *       error raises E_WARNING and the publishing methods return false, so the application keeps
     *       serving while Redis is down. With `log`, the error is written to PHP's error log
     *       (the `error_log` file, else the SAPI's log: php-fpm's, Apache's, stderr for the CLI) as
     *       `socketio: <reason>`, no warning is raised and no error handler runs (frameworks such
     *       as CodeIgniter 4 and Laravel turn warnings into exceptions, so `warning` still gives
     *       them an HTTP 500), and the methods return false. Invalid arguments and values still
     *       throw. serverCount() always throws.
     *     - `persistent` (bool, true): keep the connection for the next requests of this process.
     *     - `wait` (bool, true): false: the publishing methods write the command and return null
     *       at once, without waiting for Redis's reply (a round trip saved on the request path).
     *       Errors in writing are reported as usual (`on_error`). The reply is read on the
     *       connection's next use by this process (the next emit reads the replies already
     *       there, and waits for the oldest once 1024 are unread; any waiting call, batch() or
     *       serverCount() reads them all first) or at the end of the request, before the
     *       connection can serve anyone else. An error reply, or a connection lost before the
     *       replies came, is then reported as an E_WARNING by the call that read it (a line in
     *       the error log with `on_error` `log`), or as an error-log line when read at request end;
     *       it never becomes that call's exception. On a Redis Cluster emits wait anyway (a
     *       reply may be a redirect that needs the message sent again).
     *     - `idle_timeout` (float seconds, 300): a kept connection unused for longer is closed and
     *       replaced on next use. `0`: kept as long as it stays alive.
     *     - `tcp_keepalive` (int seconds, 60): TCP keepalive probes after this long idle, so that
     *       NATs and load balancers keep the connection and a vanished server is noticed. `0`: off.
     *     - `tls` (array): PHP SSL context options `cafile`, `verify_peer`, `verify_peer_name`,
     *       `local_cert`, `local_pk`; for `rediss://` URLs.
     *     - `cluster` (bool, false): treat the URL(s) as Redis Cluster seed nodes.
     *     - `adapter` (`redis` | `sharded` | `streams`, `redis`): what the Socket.IO servers run:
     *       `createAdapter` (PUBLISH), `createShardedAdapter` (SPUBLISH, Redis 7), or
     *       `@socket.io/redis-streams-adapter` 0.2.x/0.3.x (one XADD per call; its events take part
     *       in connection-state recovery).
     *     - `stream_name` (string, `socket.io`), `max_len` (int ≥ 1, 10000), `stream_count` (int
     *       1–65536, 1): with `adapter => 'streams'` only (refused otherwise), the servers'
     *       `streamName`, `maxLen` and `streamCount`; set them as the servers do. Every XADD trims
     *       the stream to about `max_len` entries (`MAXLEN ~`). With `stream_count` > 1 a
     *       namespace goes to `<stream_name>-<i>`, i = Java `hashCode(nsp) % stream_count`, as the
     *       servers compute it; a negative hash gives a stream such as `socket.io--1`, which no
     *       server reads (upstream behaviour, kept: the servers' own broadcasts go there too).
     *     - `subscription_mode` (`dynamic` | `static` | `dynamic-private`, `dynamic`): the sharded
     *       servers' `subscriptionMode`; decides when a room's own channel has listeners.
     *     - `username`, `password` (string): Redis ACL credentials, instead of putting them in the URL.
     *       A password never appears in messages, warnings, phpinfo() or var_dump().
     *     - `sentinel_username`, `sentinel_password` (string): the sentinels' own credentials, for
     *       a `redis+sentinel://` URL (refused with any other); they override the URL's.
     *     - `host` (string), `port` (int): the old PHP emitters' form, instead of a URL; refused
     *       together with a URL.
     *
     * @throws \ValueError for a malformed URL, an unknown option or an invalid option value
     *     (the message names the option; it never contains a password).
     * @throws \TypeError when an option has the wrong type (the message names the option).
     */
    public function __construct(
        #[\SensitiveParameter] string|array|null $url = null,
        #[\SensitiveParameter] array $options = [],
    ) {}

    /**
     * The same Redis and options, another namespace. `"admin"` becomes `"/admin"`.
     *
     * @return Emitter a new Emitter; this one is unchanged
     * @throws \ValueError when the namespace contains `,` (no client can join such a namespace)
     */
    public function of(string $namespace): Emitter {}

    /**
     * Targets the sockets in these rooms (a union with rooms given before). `42` and `"42"` are
     * different rooms, as on the server (`socket.join(42)` vs `socket.join("42")`).
     *
     * @param string|int|array<string|int> $rooms
     * @throws \TypeError when a room is neither string nor int
     */
    public function to(string|int|array $rooms): BroadcastOperator {}

    /**
     * Alias of {@see Emitter::to()}.
     *
     * @param string|int|array<string|int> $rooms
     * @throws \TypeError when a room is neither string nor int
     */
    public function in(string|int|array $rooms): BroadcastOperator {}

    /**
     * Excludes the sockets in these rooms (socket ids work too: every socket is in its own room).
     *
     * @param string|int|array<string|int> $rooms
     * @throws \TypeError when a room is neither string nor int
     */
    public function except(string|int|array $rooms): BroadcastOperator {}

    /**
     * The event may be dropped for clients that are not ready to receive it.
     */
    public function volatile(): BroadcastOperator {}

    /**
     * Sets the per-message compression flag the servers pass to their transport.
     */
    public function compress(bool $compress = true): BroadcastOperator {}

    /**
     * Broadcasts an event to every socket of the namespace: one PUBLISH.
     *
     * @param string $event not empty, not a reserved name (`connect`, `connect_error`,
     *     `disconnect`, `disconnecting`, `newListener`, `removeListener`)
     * @param mixed ...$args the event's arguments; see the class documentation for the mapping
     * @return int|string|false|null the number of Socket.IO server processes that received it (0: nobody is
     *     listening, a diagnostic); false only with `on_error` `warning` or `log` after a
     *     connection error
     * @throws \ValueError for an empty or reserved event name
     * @throws EncodingException when an argument cannot be sent; its message names the place,
     *     e.g. `$args[1]['user']['name']`
     * @throws ConnectionException when Redis cannot be reached, times out or refuses the
     *     credentials (unless `on_error` is `warning` or `log`); a TimeoutException when it
     *     may still be delivered
     */
    public function emit(string $event, mixed ...$args): int|string|false|null {}

    /**
     * Makes every socket of the namespace join these rooms.
     *
     * @param string|int|array<string|int> $rooms
     * @return int|string|false|null Socket.IO server processes that received the request; false with
     *     `on_error` `warning` or `log` after a connection error
     * @throws \TypeError when a room is neither string nor int
     * @throws ConnectionException
     */
    public function socketsJoin(string|int|array $rooms): int|string|false|null {}

    /**
     * Makes every socket of the namespace leave these rooms.
     *
     * @param string|int|array<string|int> $rooms
     * @return int|string|false|null as {@see Emitter::socketsJoin()}
     * @throws \TypeError when a room is neither string nor int
     * @throws ConnectionException
     */
    public function socketsLeave(string|int|array $rooms): int|string|false|null {}

    /**
     * Disconnects every socket of the namespace.
     *
     * @param bool $close also close the underlying connection (otherwise only the namespace is left)
     * @return int|string|false|null as {@see Emitter::socketsJoin()}
     * @throws ConnectionException
     */
    public function disconnectSockets(bool $close = false): int|string|false|null {}

    /**
     * Emits an event to the other Socket.IO servers themselves (`io.on(event, ...)` on the
     * server side), not to clients. Acknowledgements are not supported.
     *
     * @param string $event not empty, not reserved (also `connection`, `new_namespace`)
     * @return int|string|false|null Socket.IO server processes that received it; false with
     *     `on_error` `warning` or `log` after a connection error
     * @throws \ValueError for an empty or reserved event name
     * @throws EncodingException when an argument cannot be sent
     * @throws ConnectionException
     */
    public function serverSideEmit(string $event, mixed ...$args): int|string|false|null {}

    /**
     * Sends many emits in a few round trips: a fan-out to thousands of rooms at the speed of a
     * Redis pipeline.
     *
     * ```php
     * $counts = $io->batch(function (SocketIO\Emitter $io) use ($orders) {
     *     foreach ($orders as $order) {
     *         $io->to('user:' . $order->userId)->emit('order', $order->status);
     *     }
     * });
     * ```
     *
     * `$callback` receives an Emitter (this one's Redis, namespace and options). Every
     * emit/socketsJoin/socketsLeave/disconnectSockets/serverSideEmit on it, or on an Emitter or
     * operator derived from it (`of()`, `to()`, ...), is checked and encoded at once (an invalid
     * argument throws at that call, as always) and queued; it returns null. When the callback
     * returns, the queue is sent pipelined: written in chunks of at most 1024 commands or 1 MiB,
     * each chunk's replies read before the next is written. On a Redis Cluster the commands are
     * grouped per node and pipelined per node; redirected ones (MOVED, ASK) are sent again one
     * by one to the right node, in call order.
     *
     * - An exception thrown out of the callback (or exit()) discards the queue: nothing is sent.
     * - Emits on any other Emitter inside the callback (this one included) are sent at once, as
     *   usual. Nesting is refused: batch() on the callback's Emitter throws SocketIO\Exception.
     * - The callback's Emitter must not be kept: used after the callback returned it throws.
     * - Time bound: connect_timeout + timeout (twice that on a cluster), plus `timeout` for each
     *   chunk. Memory: the queue holds the encoded messages (each its payload plus about 50 bytes)
     *   until sent; replies and socket buffers stay bounded by the chunk size.
     * - Nothing is sent twice: a chunk is retried (once, on a new connection) only when none of
     *   it reached Redis.
     *
     * @param callable(Emitter): mixed $callback its return value is ignored
     * @return array|false the receiver counts (as emit() returns them), one per queued call, in
     *     call order (`[]` when nothing was queued); false with `on_error` `warning` or `log`
     *     when not all were published (the warning or log line says how many were)
     * @throws BatchException when not every queued call was published: which were, which may
     *     have been and which were not, by position
     * @throws Exception when called on the Emitter a batch() callback received (no nesting)
     */
    public function batch(callable $callback): array|false {}

    /**
     * How many Socket.IO servers listen for this key and namespace: what the servers' own
     * `adapter.serverCount()` answers. A diagnostic for "emit returns 0" (no server with this
     * `key`, namespace and `adapter`) and for health checks; rooms play no part.
     *
     * Classic adapter: `PUBSUB NUMSUB <key>-request#<nsp>#`, summed over every node (masters
     * and replicas) of a Redis Cluster, where classic subscriptions are local to a node.
     * Sharded adapter: `PUBSUB SHARDNUMSUB <key>#<nsp>#` on the master owning that channel.
     * Streams adapter: `PUBSUB NUMSUB <key>#<nsp>#` summed over the nodes (`key` is the servers'
     * `channelPrefix`), as 0.3.x servers count themselves; when that is 0, the distinct server
     * uids with an entry for the namespace in its stream within 10 s, as 0.2.x servers (which
     * subscribe to nothing) count each other.
     * Another subscriber of that channel (a `redis-cli SUBSCRIBE`) is counted too.
     *
     * @throws ConnectionException when Redis cannot be asked, whatever `on_error` says ("could
     *     not ask" must not read as "no server")
     */
    public function serverCount(): int {}

    /**
     * The bound for {@see Emitter::fetchSockets()}, {@see Emitter::serverSideEmitWithAck()} and
     * {@see Emitter::emitWithAck()}, which wait for the servers' answers: the whole call (count,
     * subscribe, publish, answers) ends by then. Default 5 seconds, the servers' own default.
     *
     * @param float $seconds greater than 0 and finite: a wait is never unbounded
     * @throws \ValueError for 0, a negative number, NAN or INF
     */
    public function timeout(float $seconds): BroadcastOperator {}

    /**
     * Every socket of the namespace (of the targeted rooms, minus the excluded ones, on an
     * operator), on every server, as the servers' own `io.fetchSockets()` returns them:
     * `[['id' => string, 'handshake' => array, 'rooms' => list<string|int>, 'data' => mixed], ...]`.
     * Binary data comes back as {@see Binary}, also from JSON answers (classic adapter), where
     * the exact shape `{"type":"Buffer","data":[bytes]}` a Node Buffer is written as is read
     * back as bytes; Dates as ISO strings. `handshake.auth.pid` and `.offset` (a recovered session's secret) are removed.
     * No server for the namespace: `[]` at once, nothing published.
     *
     * @return list<array{id: string, handshake: array, rooms: list<string|int>, data: mixed}>
     * @throws TimeoutException when not every server answered in time (see {@see Emitter::timeout()});
     *     getPartialResults() holds the sockets of those that did, getExpectedCount() the server count
     * @throws ConnectionException when Redis cannot be asked
     */
    public function fetchSockets(): array {}

    /**
     * Emits an event to the other Socket.IO servers' `io.on(event, (...args, callback) => ...)`
     * listeners and returns one answer per server: the first argument each passed to the callback.
     *
     * @return list<mixed>
     * @throws \ValueError for an empty or reserved event name
     * @throws EncodingException when an argument cannot be sent (nothing is published)
     * @throws TimeoutException when a server did not answer in time (no listener for the event,
     *     or one that never calls back); getPartialResults() holds the answers that came
     * @throws ConnectionException when Redis cannot be asked
     */
    public function serverSideEmitWithAck(string $event, mixed ...$args): array {}

    /**
     * Emits an event to the sockets (of the targeted rooms) and returns one answer per client
     * that acknowledged it: the first argument of its callback.
     *
     * @return list<mixed>
     * @throws \ValueError for an empty or reserved event name
     * @throws EncodingException when an argument cannot be sent (nothing is published)
     * @throws TimeoutException when not every client acknowledged in time; getPartialResults()
     *     holds the acks that came, getExpectedCount() the number of clients the servers reached
     * @throws ConnectionException when Redis cannot be asked
     */
    public function emitWithAck(string $event, mixed ...$args): array {}

    /**
     * What var_dump() and print_r() show: the target as a URL without its password, the
     * namespace, the key and the adapter. The object has no properties, so var_export(),
     * `(array)` and json_encode() show nothing.
     *
     * @return array{url: string, namespace: string, key: string, adapter: string, subscription_mode?: string, stream?: string, max_len?: int}
     */
    public function __debugInfo(): array {}
}

/**
 * A set of target rooms, excluded rooms and flags, obtained from {@see Emitter::to()},
 * `in()`, `except()`, `volatile()` or `compress()`. Immutable: each method returns a new
 * operator. Exactly one targeted room (after removing duplicates) publishes to that room's
 * channel; none or several publish once to the namespace channel, so a socket in two targeted
 * rooms receives one copy.
 */
final class BroadcastOperator
{
    /** Only Emitter creates operators. */
    private function __construct() {}

    /**
     * Adds target rooms.
     *
     * @param string|int|array<string|int> $rooms
     * @throws \TypeError when a room is neither string nor int
     */
    public function to(string|int|array $rooms): BroadcastOperator {}

    /**
     * Alias of {@see BroadcastOperator::to()}.
     *
     * @param string|int|array<string|int> $rooms
     * @throws \TypeError when a room is neither string nor int
     */
    public function in(string|int|array $rooms): BroadcastOperator {}

    /**
     * Adds excluded rooms.
     *
     * @param string|int|array<string|int> $rooms
     * @throws \TypeError when a room is neither string nor int
     */
    public function except(string|int|array $rooms): BroadcastOperator {}

    /** See {@see Emitter::volatile()}. */
    public function volatile(): BroadcastOperator {}

    /** See {@see Emitter::compress()}. */
    public function compress(bool $compress = true): BroadcastOperator {}

    /**
     * Broadcasts an event to the targeted sockets. See {@see Emitter::emit()}.
     *
     * @return int|string|false|null Socket.IO server processes that received it (0: nobody is listening);
     *     false only with `on_error` `warning` or `log` after a connection error
     * @throws \ValueError for an empty or reserved event name
     * @throws EncodingException when an argument cannot be sent
     * @throws ConnectionException
     */
    public function emit(string $event, mixed ...$args): int|string|false|null {}

    /**
     * Makes the targeted sockets join these rooms.
     *
     * @param string|int|array<string|int> $rooms
     * @return int|string|false|null see {@see Emitter::socketsJoin()}
     * @throws \TypeError when a room is neither string nor int
     * @throws ConnectionException
     */
    public function socketsJoin(string|int|array $rooms): int|string|false|null {}

    /**
     * Makes the targeted sockets leave these rooms.
     *
     * @param string|int|array<string|int> $rooms
     * @return int|string|false|null see {@see Emitter::socketsJoin()}
     * @throws \TypeError when a room is neither string nor int
     * @throws ConnectionException
     */
    public function socketsLeave(string|int|array $rooms): int|string|false|null {}

    /**
     * Disconnects the targeted sockets.
     *
     * @return int|string|false|null see {@see Emitter::socketsJoin()}
     * @throws ConnectionException
     */
    public function disconnectSockets(bool $close = false): int|string|false|null {}

    /**
     * Socket.IO servers listening for this namespace; see {@see Emitter::serverCount()}.
     *
     * @throws ConnectionException when Redis cannot be asked
     */
    public function serverCount(): int {}

    /** See {@see Emitter::timeout()}. */
    public function timeout(float $seconds): BroadcastOperator {}

    /**
     * The sockets of the targeted rooms, minus the excluded ones; see {@see Emitter::fetchSockets()}.
     *
     * @return list<array{id: string, handshake: array, rooms: list<string|int>, data: mixed}>
     * @throws TimeoutException
     * @throws ConnectionException
     */
    public function fetchSockets(): array {}

    /**
     * See {@see Emitter::serverSideEmitWithAck()}: for an operator from timeout() alone.
     *
     * @return list<mixed>
     * @throws \Error when rooms were targeted or excluded (servers are asked, not sockets)
     * @throws TimeoutException
     * @throws ConnectionException
     */
    public function serverSideEmitWithAck(string $event, mixed ...$args): array {}

    /**
     * See {@see Emitter::emitWithAck()}.
     *
     * @return list<mixed>
     * @throws TimeoutException
     * @throws ConnectionException
     */
    public function emitWithAck(string $event, mixed ...$args): array {}

    /**
     * What var_dump() and print_r() show: as {@see Emitter::__debugInfo()}, plus the target
     * `rooms`, the `except` rooms and the `flags`.
     *
     * @return array{url: string, namespace: string, key: string, adapter: string, subscription_mode?: string, stream?: string, max_len?: int, rooms: list<string|int>, except: list<string|int>, flags: array{volatile?: bool, compress?: bool}}
     */
    public function __debugInfo(): array {}
}

/**
 * Raw bytes, sent as msgpack bin (a Node `Buffer` on the server, binary on the client).
 * Strings passed to emit() must be valid UTF-8; wrap anything else in Binary.
 */
final class Binary
{
    public function __construct(string $bytes) {}

    /** The bytes given to the constructor, unchanged. */
    public function getBytes(): string {}
}

/**
 * Room tokens: the PHP application decides which rooms a user may join; the Socket.IO server
 * only checks. A token is a JSON Web Token signed with HS256 (HMAC-SHA256) and a secret shared
 * with the server; it travels in the Socket.IO handshake (`io({auth: {token}})`).
 *
 * ```php
 * $token = SocketIO\Token::issue($userId, ["team:$teamId", 'admin']);   // 5 minutes
 * $claims = SocketIO\Token::verify($token);   // ['sub' => ..., 'iat' => ..., 'exp' => ..., 'rooms' => [...]]
 * ```
 *
 * Claims, in this order: `sub` (the user, string or int as given), `iat` and `exp` (Unix
 * seconds), `rooms` (list of string|int room names), `nsp` (only when given, normalised as
 * `Emitter::of()` does: `"admin"` is `"/admin"`), `data` (only when not empty). The JSON is
 * written as `JSON.stringify` writes it; header `{"alg":"HS256","typ":"JWT"}`.
 *
 * The secret is `$secret` when given and not empty, else the php.ini setting `socketio.secret`
 * (PHP_INI_SYSTEM | PHP_INI_PERDIR: php.ini, a php-fpm pool's `php_admin_value`, `.user.ini`;
 * not ini_set()). It must be at least 32 bytes (`bin2hex(random_bytes(32))` makes a good one);
 * a missing or shorter one throws TokenException::SECRET. It never appears in a message,
 * phpinfo() or `php --ri` (shown as `********`), and the `$secret` parameters are
 * `#[\SensitiveParameter]`, so stack traces show `Object(SensitiveParameterValue)`.
 * (ini_get() still returns it, as for any setting.)
 */
final class Token
{
    /** Seconds of clock difference tolerated between issuer and verifier, for `exp`, `iat` and `nbf`. */
    public const LEEWAY = 30;

    /** Shortest secret accepted, in bytes. */
    public const MIN_SECRET_BYTES = 32;

    /** Static methods only. */
    private function __construct() {}

    /**
     * Issues a token for `$user` granting `$rooms`.
     *
     * @param string|int $user the `sub` claim; kept as given (`42` and `"42"` differ); not empty
     * @param array<string|int> $rooms rooms the holder may join, checked as {@see Emitter::to()}
     *     checks rooms; duplicates removed, order kept
     * @param int $ttl lifetime in seconds, 1 to 2592000 (30 days); a duration, not a timestamp
     * @param array $data application data for the server (`data` claim), converted as emit()
     *     arguments are (JsonSerializable, dates, ...; no SocketIO\Binary); `[]`: no `data` claim
     * @param string|null $secret null or '': php.ini `socketio.secret`
     * @param string|null $nsp the namespace the token is for (`nsp` claim); null: no claim
     * @throws \TypeError|\ValueError for an invalid argument (the message names it)
     * @throws EncodingException when `$data` holds a value that cannot be sent (`$data['k']: ...`)
     * @throws TokenException with code SECRET when no secret is set or it is too short
     */
    public static function issue(
        string|int $user,
        array $rooms,
        int $ttl = 300,
        array $data = [],
        #[\SensitiveParameter] ?string $secret = null,
        ?string $nsp = null,
    ): string {}

    /**
     * Checks a token's algorithm, signature and times, and returns its claims: every claim of
     * the payload, decoded as `json_decode($json, true)` would (`sub` stays a string or an
     * int, as issued). Tokens from other issuers may carry more claims (`nbf` is honoured).
     *
     * @param string|null $secret null or '': php.ini `socketio.secret`
     * @return array{sub: string|int, iat: int, exp: int, rooms: list<string|int>, nsp?: string, data?: mixed}
     * @throws TokenException whose code says why: MALFORMED (not a JWT, not JSON, claims of
     *     the wrong type), ALGORITHM (anything but HS256, `none` included), SIGNATURE (altered,
     *     or another secret), EXPIRED (`exp` more than LEEWAY seconds ago), NOT_YET_VALID
     *     (`iat` or `nbf` more than LEEWAY seconds ahead), SECRET (no secret, or too short)
     */
    public static function verify(string $token, #[\SensitiveParameter] ?string $secret = null): array {}
}

/**
 * Base of every exception the extension throws itself (argument errors are \ValueError / \TypeError).
 * getCode() tells the kind, one of the constants below (on every subclass too:
 * `ConnectionException::TIMEOUT`). Values never change.
 */
class Exception extends \RuntimeException
{
    /** EncodingException: an argument cannot be sent. */
    public const ENCODING = 1;
    /** A setting turned out unusable when connecting (an unreadable TLS file). */
    public const CONFIG = 2;
    /** Could not connect: refused, unreachable, unknown host, or the server is full (maxclients). */
    public const CONNECT = 3;
    /** Connect, TLS handshake and AUTH did not finish within `connect_timeout`. */
    public const CONNECT_TIMEOUT = 4;
    /** TLS handshake or session refused (certificate, name, protocol). */
    public const TLS = 5;
    /** Credentials refused or missing. */
    public const AUTH = 6;
    /** Not trying: a connect to this server failed less than `backoff` ago. */
    public const BACKOFF = 7;
    /** `socketio.max_connections` reached. */
    public const LIMIT = 8;
    /** The connection failed before the command was sent: nothing was published. */
    public const NOT_SENT = 9;
    /** TimeoutException: sent, no reply within `timeout`; the event may still be delivered. */
    public const TIMEOUT = 10;
    /** TimeoutException: the connection broke after sending, before the reply; it may have been delivered. */
    public const CONNECTION_LOST = 11;
    /** Redis answered with an error (NOPERM, CLUSTERDOWN, OOM, ...). */
    public const SERVER = 12;
    /** The server does not speak Redis's protocol (an HTTP server on the port, a garbled reply). */
    public const PROTOCOL = 13;
}

/** A payload value that cannot be sent; the message names where it is (`$args[0]['k']->p`) and why. */
class EncodingException extends Exception {}

/**
 * Redis unreachable, refused, failed, or the outcome of the command is unknown (TimeoutException).
 * Nothing was published unless it is a TimeoutException. Never contains a password.
 */
class ConnectionException extends Exception {}

/**
 * The command reached (or may have reached) Redis and no reply came: no reply within `timeout`
 * (code TIMEOUT) or the connection broke after sending (code CONNECTION_LOST). Redis may still
 * execute it: the event may be delivered although the call failed, so retrying on this exception
 * can deliver it twice. Also thrown (code TIMEOUT) by the calls that wait for answers when not
 * all of them came within {@see Emitter::timeout()}: then it carries the answers that did.
 */
class TimeoutException extends ConnectionException
{
    /** @var array|null see getPartialResults() */
    protected $partialResults = null;
    /** @var int|null see getExpectedCount() */
    protected $expectedCount = null;

    /**
     * For fetchSockets(), serverSideEmitWithAck() and emitWithAck(): the answers that came
     * before the deadline (sockets, server answers, client acks), as the call would have
     * returned them. `[]` for a publish that timed out. Later answers are ignored.
     */
    public function getPartialResults(): array {}

    /**
     * How many answers were expected: servers for fetchSockets() and serverSideEmitWithAck(),
     * clients for emitWithAck() (the sum of the counts the servers that answered reported).
     * Null for a publish that timed out.
     */
    public function getExpectedCount(): ?int {}
}

/**
 * {@see Emitter::batch()} did not publish every queued call. The code is the kind of the error
 * that stopped it (as for ConnectionException), or SERVER when Redis refused some commands
 * with an error reply while the others went through. Positions are 0-based, in call order;
 * every position is in exactly one of the three lists.
 */
class BatchException extends ConnectionException
{
    /** @var array<int, int>|null position => receiver count, for those Redis confirmed */
    public $published = null;
    /**
     * @var list<int>|null written but not confirmed (no reply in time, connection lost):
     *     Redis may have executed them, so sending them again can deliver them twice
     */
    public $unknown = null;
    /** @var list<int>|null not published: never written, or refused by Redis with an error */
    public $unsent = null;
}

/**
 * A token refused by {@see Token::verify()}, or a secret refused by either Token method.
 * `getCode()` is one of the constants below (numbered after the base class's, so each code the
 * extension throws names one kind); the message says more and never contains the secret.
 */
class TokenException extends Exception
{
    /** Not three base64url parts, not JSON, or claims missing or of the wrong type. */
    public const MALFORMED = 21;
    /** The signature does not match: the token was altered, or signed with another secret. */
    public const SIGNATURE = 22;
    /** `exp` is more than Token::LEEWAY seconds in the past. */
    public const EXPIRED = 23;
    /** `iat` or `nbf` is more than Token::LEEWAY seconds in the future. */
    public const NOT_YET_VALID = 24;
    /** The header names another algorithm than HS256 (`none` included). */
    public const ALGORITHM = 25;
    /** No secret (neither `$secret` nor `socketio.secret`), or shorter than Token::MIN_SECRET_BYTES. */
    public const SECRET = 26;
}
