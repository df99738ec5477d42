--TEST--
Values: lists become arrays, every other array a map with string keys in JavaScript's Object.keys order
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

$x = 5;
$cases = [
    'empty array (json: [])' => [],
    'list' => [1, 'a', null],
    '15 items (fixarray)' => range(1, 15),
    '16 items (array16)' => range(1, 16),
    'nested lists' => [[1, [2, []]], []],
    'string keys' => ['a' => 1, 'b' => 'x'],
    'key 1 only' => [1 => 'a'],
    'gap 0,2' => [0 => 'a', 2 => 'b'],
    'keys 1,0 (sorted like JS)' => [1 => 'a', 0 => 'b'],
    'mixed keys' => ['b' => 1, 10 => 2, 'a' => 3, 2 => 4, '02' => 5, -1 => 6],
    '2**32-2 is an index, 2**32-1 not' => [4294967295 => 'x', 'k' => 'z', 4294967294 => 'y'],
    '16 entries (map16)' => array_combine(array_map(fn ($i) => "k$i", range(0, 15)), range(0, 15)),
    'nested map' => ['user' => ['name' => 'ann', 'tags' => ['a', 'b']], 'n' => null],
    'unicode key' => ['é' => true],
    'empty key' => ['' => 0],
    'reference' => [&$x, 'r' => &$x],
];
foreach ($cases as $label => $v) {
    $io->emit('v', $v);
    printf("%-33s %s\n", $label, $spy->arg());
}

// A list made by array_shift/unset is judged by its keys, as json_encode does.
$l = [1, 2, 3];
unset($l[1]);
$io->emit('v', $l);
echo "after unset                       ", $spy->arg(), "\n";
$io->emit('v', array_values($l));
echo "array_values                      ", $spy->arg(), "\n";

// Several arguments and a big list.
$io->emit('v', 1, [2], ['k' => 3]);
echo $spy->hex(), "\n";
$big = range(0, 69999);
$io->emit('v', $big);
$hex = $spy->arg();
echo substr($hex, 0, 10), ' ', strlen($hex) / 2, "\n";
echo $spy->nothing(), "\n";
?>
--EXPECT--
empty array (json: [])            90
list                              9301a161c0
15 items (fixarray)               9f0102030405060708090a0b0c0d0e0f
16 items (array16)                dc00100102030405060708090a0b0c0d0e0f10
nested lists                      92920192029090
string keys                       82a16101a162a178
key 1 only                        81a131a161
gap 0,2                           82a130a161a132a162
keys 1,0 (sorted like JS)         82a130a162a131a161
mixed keys                        86a13204a2313002a16201a16103a2303205a22d3106
2**32-2 is an index, 2**32-1 not  83aa34323934393637323934a179aa34323934393637323935a178a16ba17a
16 entries (map16)                de0010a26b3000a26b3101a26b3202a26b3303a26b3404a26b3505a26b3606a26b3707a26b3808a26b3909a36b31300aa36b31310ba36b31320ca36b31330da36b31340ea36b31350f
nested map                        82a47573657282a46e616d65a3616e6ea47461677392a161a162a16ec0
unicode key                       81a2c3a9c3
empty key                         81a000
reference                         82a13005a17205
after unset                       82a13001a13203
array_values                      920103
socket.io#/# 93a7656d697474657283a47479706502a46461746194a17601910281a16b03a36e7370a12f83a5726f6f6d7390a5666c61677380a665786365707490
dd00011170 218549
nothing published
