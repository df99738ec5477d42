--TEST--
README "Many emits at once": the snippet there is the one this test runs, and it does what the README says
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$orders = [['user_id' => 7, 'status' => 'shipped'], ['user_id' => 8, 'status' => 'paid']];

// --- snippet (README.md, "Many emits at once, and emits that do not wait")
$snippet = <<<'PHP'
$io = new SocketIO\Emitter('redis://127.0.0.1:6379');
$counts = $io->batch(function (SocketIO\Emitter $io) use ($orders) {
    foreach ($orders as $order) {
        $io->to('user:' . $order['user_id'])->emit('order:status', $order['status']);
    }
});
// $counts[$i]: how many Socket.IO servers received the i-th emit, in call order

$fast = new SocketIO\Emitter('redis://127.0.0.1:6379', ['wait' => false]);
$fast->to('user:42')->emit('typing', true);   // null: written; the reply is read later
PHP;
$readme = file_get_contents(__DIR__ . '/../README.md');
echo 'in README: ', var_export(str_contains($readme, "```php\n$snippet\n```"), true), "\n";

eval(str_replace("'redis://127.0.0.1:6379'", var_export(socketio_test_url(), true), $snippet) . ';');
var_dump($counts);
echo $spy->hex(), "\n", $spy->hex(), "\n", $spy->hex(), "\n";
echo $spy->nothing(), "\n";
?>
--EXPECT--
in README: true
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(1)
}
socket.io#/#user:7# 93a7656d697474657283a47479706502a46461746192ac6f726465723a737461747573a773686970706564a36e7370a12f83a5726f6f6d7391a6757365723a37a5666c61677380a665786365707490
socket.io#/#user:8# 93a7656d697474657283a47479706502a46461746192ac6f726465723a737461747573a470616964a36e7370a12f83a5726f6f6d7391a6757365723a38a5666c61677380a665786365707490
socket.io#/#user:42# 93a7656d697474657283a47479706502a46461746192a6747970696e67c3a36e7370a12f83a5726f6f6d7391a7757365723a3432a5666c61677380a665786365707490
nothing published
