--TEST--
Legacy constructor of the old PHP emitters: new SocketIO\Emitter(['host' => ..., 'port' => ...]) with options in the same array
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$parts = parse_url(socketio_test_url());

$io = new SocketIO\Emitter(['host' => $parts['host'], 'port' => $parts['port']]);
$io->emit('hi', 'x');
echo $spy->hex(), "\n";

$io = new SocketIO\Emitter(['host' => $parts['host'], 'port' => $parts['port'], 'key' => 'legacy']);
$io->of('/admin')->to('r1')->emit('hi', 'x');
echo $spy->hex(), "\n";

// Port as a numeric string, as configuration files often give it.
$io = new SocketIO\Emitter(['host' => $parts['host'], 'port' => (string) $parts['port']]);
$io->socketsJoin('r');
echo $spy->text(), "\n";

// host/port are refused together with a URL: which address would win is not obvious.
try {
    new SocketIO\Emitter(socketio_test_url(), ['host' => '127.0.0.1']);
    echo "accepted\n";
} catch (ValueError $e) {
    echo "ValueError\n";
}
echo $spy->nothing(), "\n";
?>
--EXPECT--
socket.io#/# 93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
legacy#/admin#r1# 93a7656d697474657283a47479706502a46461746192a26869a178a36e7370a62f61646d696e83a5726f6f6d7391a27231a5666c61677380a665786365707490
socket.io-request#/# {"type":2,"opts":{"rooms":[],"except":[]},"rooms":["r"]}
ValueError
nothing published
