--TEST--
INI: ini_restore() brings every socketio.* setting back to its php.ini value, and new Emitters follow
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$changes = [
    'socketio.url' => 'redis://127.0.0.1:1', 'socketio.key' => 'runtime', 'socketio.connect_timeout' => '3',
    'socketio.timeout' => '3', 'socketio.backoff' => '3', 'socketio.on_error' => 'warning',
    'socketio.persistent' => '0', 'socketio.cluster' => '1', 'socketio.adapter' => 'sharded',
    'socketio.subscription_mode' => 'static',
];
foreach ($changes as $name => $value) {
    $before = ini_get($name);
    $set = ini_set($name, $value);
    $changed = ini_get($name);
    ini_restore($name);
    printf("%-27s set=%s changed=%s restored=%s\n", $name, $set === false ? 'refused' : 'ok',
        var_export($changed === $value, true), var_export(ini_get($name) === $before, true));
}

$spy = new RedisSpy();
ini_set('socketio.key', 'runtime');
ini_restore('socketio.key');
(new SocketIO\Emitter(socketio_test_url()))->emit('hi');
echo $spy->hex(), "\n";
?>
--EXPECT--
socketio.url                set=ok changed=true restored=true
socketio.key                set=ok changed=true restored=true
socketio.connect_timeout    set=ok changed=true restored=true
socketio.timeout            set=ok changed=true restored=true
socketio.backoff            set=ok changed=true restored=true
socketio.on_error           set=ok changed=true restored=true
socketio.persistent         set=ok changed=true restored=true
socketio.cluster            set=ok changed=true restored=true
socketio.adapter            set=ok changed=true restored=true
socketio.subscription_mode  set=ok changed=true restored=true
socket.io#/# 93a7656d697474657283a47479706502a46461746191a26869a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
