--TEST--
php --ri socketio / phpinfo(): version, settings, open connections and counters (emits, failures)
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$version = phpversion('socketio');

function summary(string $info, string $version): void
{
    $lines = array_map('trim', explode("\n", $info));
    $has = fn (string $re) => (bool) preg_grep($re, $lines);
    echo 'title: ', $has('/^socketio$/') ? 'yes' : 'no', "\n";
    echo 'enabled: ', $has('/^socketio support => enabled$/') ? 'yes' : 'no', "\n";
    echo 'version: ', $has('/^Version => ' . preg_quote($version, '/') . '$/i') ? 'yes' : 'no', "\n";
    echo 'settings header: ', $has('/^Directive => Local Value => Master Value$/') ? 'yes' : 'no', "\n";
    foreach (['url', 'key', 'connect_timeout', 'timeout', 'backoff', 'on_error', 'persistent', 'max_connections', 'cluster', 'adapter', 'subscription_mode'] as $ini) {
        echo "socketio.$ini: ", $has("/^socketio\\.$ini => /") ? 'yes' : 'no', "\n";
    }
    foreach (['Emits', 'Failures', 'Open connections'] as $counter) {
        $m = preg_grep("/^$counter \\(this process\\) => \\d+$/", $lines);
        echo "$counter: ", $m ? preg_replace('/^.* => /', '', current($m)) : 'missing', "\n";
    }
    $m = preg_grep('/^Connection => /', $lines);
    echo 'connections: ', $m ? implode(', ', array_map(fn ($l) => substr($l, strlen('Connection => ')), $m)) : 'none', "\n";
}

echo "== php --ri socketio (fresh process)\n";
$ri = socketio_test_child('--ri socketio');
summary($ri, $version);

echo "== this process after 3 emits and 1 failure\n";
$url = socketio_test_url();
$io = new SocketIO\Emitter($url);
$io->emit('a');
$io->to('r')->emit('b');
$io->socketsJoin('c');
try {
    (new SocketIO\Emitter('redis://127.0.0.1:' . socketio_test_closed_port(), ['connect_timeout' => 0.5]))->emit('x');
} catch (SocketIO\ConnectionException $e) {
}
ob_start();
(new ReflectionExtension('socketio'))->info();
summary(str_replace($url, 'TEST_URL', ob_get_clean()), $version);
?>
--EXPECT--
== php --ri socketio (fresh process)
title: yes
enabled: yes
version: yes
settings header: yes
socketio.url: yes
socketio.key: yes
socketio.connect_timeout: yes
socketio.timeout: yes
socketio.backoff: yes
socketio.on_error: yes
socketio.persistent: yes
socketio.max_connections: yes
socketio.cluster: yes
socketio.adapter: yes
socketio.subscription_mode: yes
Emits: 0
Failures: 0
Open connections: 0
connections: none
== this process after 3 emits and 1 failure
title: yes
enabled: yes
version: yes
settings header: yes
socketio.url: yes
socketio.key: yes
socketio.connect_timeout: yes
socketio.timeout: yes
socketio.backoff: yes
socketio.on_error: yes
socketio.persistent: yes
socketio.max_connections: yes
socketio.cluster: yes
socketio.adapter: yes
socketio.subscription_mode: yes
Emits: 3
Failures: 1
Open connections: 1
connections: TEST_URL
