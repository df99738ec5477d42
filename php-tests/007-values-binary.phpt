--TEST--
Values: SocketIO\Binary becomes msgpack bin (bin8/bin16/bin32), any bytes, nested anywhere
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

$io->emit('v', new SocketIO\Binary(''));
echo "empty      ", $spy->arg(), "\n";
$io->emit('v', new SocketIO\Binary("\x00\xff\x01\x80\xc3\x28"));
echo "bytes      ", $spy->arg(), "\n";
// Valid UTF-8 inside Binary is still bytes, not a string.
$io->emit('v', new SocketIO\Binary('abc'));
echo "utf-8      ", $spy->arg(), "\n";
foreach ([255, 256, 65535, 65536] as $n) {
    $b = str_repeat("\xfe", $n);
    $io->emit('v', new SocketIO\Binary($b));
    printf("bin %-6d %s\n", $n, socketio_test_header($spy->arg(), $b));
}
$io->emit('v', ['file' => new SocketIO\Binary("\x89PNG"), 'parts' => [new SocketIO\Binary("\x00"), 'text']]);
echo "nested     ", $spy->arg(), "\n";
$o = new stdClass();
$o->blob = new SocketIO\Binary("\x00\x00");
$io->emit('v', $o);
echo "property   ", $spy->arg(), "\n";
// The same object twice is not a cycle.
$bin = new SocketIO\Binary("\x07");
$io->emit('v', [$bin, $bin]);
echo "twice      ", $spy->arg(), "\n";
echo $spy->nothing(), "\n";
?>
--EXPECT--
empty      c400
bytes      c40600ff0180c328
utf-8      c403616263
bin 255    c4ff + 255 bytes
bin 256    c50100 + 256 bytes
bin 65535  c5ffff + 65535 bytes
bin 65536  c600010000 + 65536 bytes
nested     82a466696c65c40489504e47a5706172747392c40100a474657874
property   81a4626c6f62c4020000
twice      92c40107c40107
nothing published
