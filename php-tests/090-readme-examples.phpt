--TEST--
README examples outside the quickstart (the opening example, Connections, Scaling out): each block here is the README's, and runs as written (hosts replaced by the test's own where a block must connect)
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$readme = file_get_contents(__DIR__ . '/../README.md');
function in_readme(string $readme, string $lang, string $block): string
{
    return var_export(str_contains($readme, "```$lang\n$block\n```"), true);
}
$spy = new RedisSpy();

// --- The opening example: publishes to the rooms, one message.
$hero = <<<'PHP'
$io = new SocketIO\Emitter('redis://127.0.0.1:6379');
$io->to(['team-7', 'admin'])->emit('new_post', ['id' => 41, 'body' => 'Hello']);
PHP;
echo 'opening example in README: ', in_readme($readme, 'php', $hero), "\n";
eval(str_replace("'redis://127.0.0.1:6379'", var_export(socketio_test_url(), true), $hero) . ';');
echo $spy->hex(), "\n";
echo $spy->nothing(), "\n";

// --- Connections: every form is accepted as written (connections are opened on first use).
$connections = <<<'PHP'
new SocketIO\Emitter('redis://127.0.0.1:6379');
new SocketIO\Emitter('redis://app:s%40cret@redis.internal:6379');        // ACL user, percent-decoded
new SocketIO\Emitter('rediss://redis.internal:6380', ['tls' => ['cafile' => '/etc/ssl/private-ca.pem']]);
new SocketIO\Emitter('unix:///run/redis/redis.sock', ['password' => getenv('REDIS_PASSWORD') ?: null]);
new SocketIO\Emitter(null, ['on_error' => 'warning']);                   // php.ini URL; never throw
PHP;
echo 'Connections in README: ', in_readme($readme, 'php', $connections), "\n";
putenv('REDIS_PASSWORD');
eval($connections);
putenv('REDIS_PASSWORD=from-the-environment');
eval($connections);
echo "Connections: constructed\n";

// --- Scaling out, the PHP side: valid as written; pointed at a closed port instead of the
// example hosts, the emit tries the seeds and fails as a connection error, publishing nothing.
$cluster = <<<'PHP'
// Seeds: any reachable subset of the nodes; the rest is discovered with CLUSTER SLOTS.
$io = new SocketIO\Emitter(
    ['redis://redis-1.internal:7000', 'redis://redis-2.internal:7000'],
    ['adapter' => 'sharded', 'subscription_mode' => 'dynamic'],
);
$io->to("team:$teamId")->emit('post', $post);

// One seed is enough when you say it is a cluster:
$io = new SocketIO\Emitter('redis://redis-1.internal:7000', ['cluster' => true, 'adapter' => 'sharded']);
PHP;
echo 'Scaling out (sharded) in README: ', in_readme($readme, 'php', $cluster), "\n";
$closed = '127.0.0.1:' . socketio_test_closed_port();
$teamId = 7;
$post = ['id' => 1];
try {
    eval(str_replace(['redis-1.internal:7000', 'redis-2.internal:7000'], $closed, $cluster));
    echo "no exception\n";
} catch (SocketIO\ConnectionException $e) {
    echo 'Scaling out: ', get_class($e), ' naming the seed: ', var_export(str_contains($e->getMessage(), $closed), true), "\n";
}
$classic = <<<'PHP'
$io = new SocketIO\Emitter(['redis://redis-1.internal:7000', 'redis://redis-2.internal:7000']);
PHP;
echo 'Scaling out (classic) in README: ', in_readme($readme, 'php', $classic), "\n";
eval($classic);
echo "classic over a cluster: constructed\n";

// --- The php.ini form of the cluster settings, loaded as a php.ini by a child PHP.
$ini = <<<'INI'
socketio.url = "redis://redis-1.internal:7000,redis://redis-2.internal:7000"  ; several URLs = a cluster
socketio.cluster = 1                 ; also makes a single URL a cluster seed
socketio.adapter = sharded           ; redis (classic, default) | sharded
socketio.subscription_mode = dynamic ; dynamic (default) | static | dynamic-private
INI;
echo 'php.ini form in README: ', in_readme($readme, 'ini', $ini), "\n";
$file = tempnam(sys_get_temp_dir(), 'socketio-ini');
file_put_contents($file, $ini . "\n");
$cmd = 'PHP_INI_SCAN_DIR= ' . escapeshellarg(PHP_BINARY) . ' -c ' . escapeshellarg($file)
    . ' -d extension=' . escapeshellarg(socketio_test_so())
    . ' -r ' . escapeshellarg('new SocketIO\Emitter(); foreach (["url", "cluster", "adapter", "subscription_mode"] as $k) echo $k, "=", ini_get("socketio.$k"), "\n";') . ' 2>&1';
echo shell_exec($cmd);
unlink($file);
echo $spy->nothing(), "\n";
?>
--EXPECT--
opening example in README: true
socket.io#/# 93a7656d697474657283a47479706502a46461746192a86e65775f706f737482a2696429a4626f6479a548656c6c6fa36e7370a12f83a5726f6f6d7392a67465616d2d37a561646d696ea5666c61677380a665786365707490
nothing published
Connections in README: true
Connections: constructed
Scaling out (sharded) in README: true
Scaling out: SocketIO\ConnectionException naming the seed: true
Scaling out (classic) in README: true
classic over a cluster: constructed
php.ini form in README: true
url=redis://redis-1.internal:7000,redis://redis-2.internal:7000
cluster=1
adapter=sharded
subscription_mode=dynamic
nothing published
