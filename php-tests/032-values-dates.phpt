--TEST--
Dates: subclasses overriding format() do not change what is sent; uninitialised objects and dates outside JavaScript's range are refused with EncodingException; year boundaries
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_helpers.php';

// Carbon overrides format() with a user-settable format function: what it answers for other
// formats must not leak into the payload.
class Garbage extends DateTimeImmutable
{
    public function format(string $format): string { return 'garbage'; }
}
class Huge extends DateTime
{
    public function format(string $format): string { return '9223372036854775807 999'; }
}
class Throwing extends DateTimeImmutable
{
    public function format(string $format): string { throw new LogicException('format() called'); }
}
class NoParent extends DateTime
{
    public function __construct() {}
}

$spy = new RedisSpy();
$io = new SocketIO\Emitter(socketio_test_url());
$utc = new DateTimeZone('UTC');
$at = '2023-11-14 22:13:20.123456';

$sendable = [
    'format() answers garbage' => new Garbage($at, $utc),
    'format() answers a huge time' => new Huge($at, $utc),
    'format() throws' => new Throwing($at, $utc),
    'microseconds truncated' => new DateTimeImmutable('2020-01-01 00:00:00.999999', $utc),
    'before 1970, truncated' => new DateTimeImmutable('1969-12-31 23:59:59.999999', $utc),
    'year 0' => new DateTimeImmutable('0000-01-01 00:00:00', $utc),
    'year -1' => new DateTimeImmutable('-0001-06-15 12:00:00.5', $utc),
    'year 9999' => new DateTimeImmutable('9999-12-31 23:59:59.999', $utc),
    'year 10000' => (new DateTimeImmutable('@0'))->setDate(10000, 1, 1),
    'largest JavaScript date' => new DateTimeImmutable('@8640000000000'),
    'smallest JavaScript date' => new DateTimeImmutable('@-8640000000000'),
];
foreach ($sendable as $label => $date) {
    $io->emit('v', $date);
    printf("%-28s %s\n", $label, hex2bin(substr($spy->arg(), 2)));
}

$refused = [
    'one ms after the largest' => (new DateTimeImmutable('@8640000000000'))->modify('+1 msec'),
    'one ms before the smallest' => (new DateTimeImmutable('@-8640000000000'))->modify('-1 msec'),
    'PHP_INT_MAX seconds' => (new DateTimeImmutable())->setTimestamp(PHP_INT_MAX),
    'PHP_INT_MIN seconds' => (new DateTime())->setTimestamp(PHP_INT_MIN),
    'DateTime without constructor' => (new ReflectionClass(DateTime::class))->newInstanceWithoutConstructor(),
    'DateTimeImmutable without constructor' => (new ReflectionClass(DateTimeImmutable::class))->newInstanceWithoutConstructor(),
    'subclass skipping parent::__construct' => new NoParent(),
    'anonymous subclass skipping it' => new class extends DateTime { public function __construct() {} },
];
foreach ($refused as $label => $date) {
    echo "$label: ";
    socketio_test_throws($spy, fn () => $io->emit('v', 1, ['when' => [$date]]));
}
?>
--EXPECT--
format() answers garbage     2023-11-14T22:13:20.123Z
format() answers a huge time 2023-11-14T22:13:20.123Z
format() throws              2023-11-14T22:13:20.123Z
microseconds truncated       2020-01-01T00:00:00.999Z
before 1970, truncated       1969-12-31T23:59:59.999Z
year 0                       0000-01-01T00:00:00.000Z
year -1                      -000001-06-15T12:00:00.500Z
year 9999                    9999-12-31T23:59:59.999Z
year 10000                   +010000-01-01T00:00:00.000Z
largest JavaScript date      +275760-09-13T00:00:00.000Z
smallest JavaScript date     -271821-04-20T00:00:00.000Z
one ms after the largest: SocketIO\EncodingException: $args[1]['when'][0]: date +275760-09-13T00:00:00.001Z is outside the range of a JavaScript Date (-271821-04-20 to +275760-09-13)
  nothing published
one ms before the smallest: SocketIO\EncodingException: $args[1]['when'][0]: date -271821-04-19T23:59:59.999Z is outside the range of a JavaScript Date (-271821-04-20 to +275760-09-13)
  nothing published
PHP_INT_MAX seconds: SocketIO\EncodingException: $args[1]['when'][0]: date +292277026596-12-04T15:30:07.000Z is outside the range of a JavaScript Date (-271821-04-20 to +275760-09-13)
  nothing published
PHP_INT_MIN seconds: SocketIO\EncodingException: $args[1]['when'][0]: date -292277022657-01-27T08:29:52.000Z is outside the range of a JavaScript Date (-271821-04-20 to +275760-09-13)
  nothing published
DateTime without constructor: SocketIO\EncodingException: $args[1]['when'][0]: DateTime object is not initialised (its constructor was not called)
  nothing published
DateTimeImmutable without constructor: SocketIO\EncodingException: $args[1]['when'][0]: DateTimeImmutable object is not initialised (its constructor was not called)
  nothing published
subclass skipping parent::__construct: SocketIO\EncodingException: $args[1]['when'][0]: NoParent object is not initialised (its constructor was not called)
  nothing published
anonymous subclass skipping it: SocketIO\EncodingException: $args[1]['when'][0]: DateTime@anonymous object is not initialised (its constructor was not called)
  nothing published
