--TEST--
Values: null, bool, int (smallest msgpack int at every boundary), float (always float64), UTF-8 strings (fixstr/str8/str16/str32)
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';
$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());

$values = [
    'null' => null, 'true' => true, 'false' => false,
    '0' => 0, '1' => 1, '127' => 127, '128' => 128, '255' => 255, '256' => 256, '65535' => 65535,
    '65536' => 65536, '2**32-1' => 4294967295, '2**32' => 4294967296, '2**40' => 2 ** 40,
    'PHP_INT_MAX' => PHP_INT_MAX,
    '-1' => -1, '-32' => -32, '-33' => -33, '-128' => -128, '-129' => -129, '-32768' => -32768,
    '-32769' => -32769, '-2**31' => -2147483648, '-2**31-1' => -2147483649, 'PHP_INT_MIN' => PHP_INT_MIN,
    // A PHP float stays a float, even when integer-valued: json_encode(1.0) is "1.0" too.
    '1.5' => 1.5, '1.0' => 1.0, '0.0' => 0.0, '-0.0' => -0.0, '0.1' => 0.1, '-2.5' => -2.5,
    '1e300' => 1e300, 'PHP_FLOAT_MAX' => PHP_FLOAT_MAX, 'PHP_FLOAT_MIN' => PHP_FLOAT_MIN,
    "''" => '', "'a'" => 'a', "'a\\0b'" => "a\0b", "'é€😀'" => 'é€😀', "'42'" => '42',
];
foreach ($values as $label => $v) {
    $io->emit('v', $v);
    printf("%-14s %s\n", $label, $spy->arg());
}

// String lengths around each header change; the header is what matters, the body is checked too.
foreach ([31, 32, 255, 256, 65535, 65536, 1 << 20] as $n) {
    $s = str_repeat('é', intdiv($n, 2)) . ($n % 2 ? 'x' : '');
    $io->emit('v', $s);
    printf("str %-10d %s\n", $n, socketio_test_header($spy->arg(), $s));
}
echo $spy->nothing(), "\n";
?>
--EXPECT--
null           c0
true           c3
false          c2
0              00
1              01
127            7f
128            cc80
255            ccff
256            cd0100
65535          cdffff
65536          ce00010000
2**32-1        ceffffffff
2**32          cf0000000100000000
2**40          cf0000010000000000
PHP_INT_MAX    cf7fffffffffffffff
-1             ff
-32            e0
-33            d0df
-128           d080
-129           d1ff7f
-32768         d18000
-32769         d2ffff7fff
-2**31         d280000000
-2**31-1       d3ffffffff7fffffff
PHP_INT_MIN    d38000000000000000
1.5            cb3ff8000000000000
1.0            cb3ff0000000000000
0.0            cb0000000000000000
-0.0           cb8000000000000000
0.1            cb3fb999999999999a
-2.5           cbc004000000000000
1e300          cb7e37e43c8800759c
PHP_FLOAT_MAX  cb7fefffffffffffff
PHP_FLOAT_MIN  cb0010000000000000
''             a0
'a'            a161
'a\0b'         a3610062
'é€😀'    a9c3a9e282acf09f9880
'42'           a23432
str 31         bf + 31 bytes
str 32         d920 + 32 bytes
str 255        d9ff + 255 bytes
str 256        da0100 + 256 bytes
str 65535      daffff + 65535 bytes
str 65536      db00010000 + 65536 bytes
str 1048576    db00100000 + 1048576 bytes
nothing published
