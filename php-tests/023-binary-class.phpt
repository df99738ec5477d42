--TEST--
SocketIO\Binary: getBytes() returns exactly the bytes given (NUL, 0xFF, invalid UTF-8, large)
--EXTENSIONS--
socketio
--FILE--
<?php
$all = '';
for ($i = 0; $i < 256; $i++) {
    $all .= chr($i);
}
foreach (['' => '', 'nul+ff' => "\x00\xff\x00", 'all bytes' => $all, 'invalid utf-8' => "\xc3\x28", 'big' => str_repeat("\x00\xff", 1 << 20)] as $label => $bytes) {
    $b = new SocketIO\Binary($bytes);
    $got = $b->getBytes();
    printf("%-14s %s %d\n", $label === '' ? 'empty' : $label, $got === $bytes ? 'identical' : 'DIFFERENT', strlen($got));
}
$b = new SocketIO\Binary("\x01\x02");
var_dump($b->getBytes() === $b->getBytes(), $b->getBytes() === "\x01\x02");
$s = "mutable";
$b = new SocketIO\Binary($s);
$s[0] = 'M';
var_dump($b->getBytes());
try {
    new SocketIO\Binary();
} catch (ArgumentCountError $e) {
    echo get_class($e), "\n";
}
?>
--EXPECT--
empty          identical 0
nul+ff         identical 3
all bytes      identical 256
invalid utf-8  identical 2
big            identical 2097152
bool(true)
bool(true)
string(7) "mutable"
ArgumentCountError
