--TEST--
Token::issue() writes exactly the JWT plain PHP (hash_hmac) computes; verify() returns the claims with their PHP types
--EXTENSIONS--
socketio
--FILE--
<?php
require __DIR__ . '/_token.php';
use SocketIO\Token;

$secret = 'an example secret of thirty-two+ bytes';
$before = time();
$token = Token::issue('alice', ['team:1', 'admin', 42, 'admin', '42'], 300, ['name' => 'Zoë <b>', 'ids' => [1, 2.5]], $secret, 'chat');
$after = time();

[$h, $p, $s] = explode('.', $token);
echo token_unb64($h), "\n";
$claims = json_decode(token_unb64($p), true);
var_dump($claims['iat'] >= $before && $claims['iat'] <= $after, $claims['exp'] - $claims['iat']);
// The same claims through plain PHP give the same bytes and the same signature.
$expected = token_json(['sub' => 'alice', 'iat' => $claims['iat'], 'exp' => $claims['exp'],
    'rooms' => ['team:1', 'admin', 42, '42'], 'nsp' => '/chat', 'data' => ['name' => 'Zoë <b>', 'ids' => [1, 2.5]]]);
var_dump(token_unb64($p) === $expected);
var_dump($token === token_forge('{"alg":"HS256","typ":"JWT"}', $expected, $secret));

var_dump(Token::verify($token, $secret));

// sub keeps its type; no nsp/data claims unless given; the default ttl is 300 s.
$t = Token::issue(7, [], secret: $secret);
$c = Token::verify($t, $secret);
var_dump($c['sub'], array_keys($c), $c['exp'] - $c['iat']);
var_dump(Token::verify(Token::issue('7', [], secret: $secret), $secret)['sub']);

// $data is converted as emit() arguments are: JsonSerializable, dates, objects, enums.
enum Role: string { case Admin = 'admin'; }
class Profile implements JsonSerializable {
    public function jsonSerialize(): mixed { return ['role' => Role::Admin, 'since' => new DateTimeImmutable('@1700000000')]; }
}
$c = Token::verify(Token::issue('u', ['r'], 60, ['profile' => new Profile(), 'o' => (object) ['a' => null]], $secret), $secret);
var_dump($c['data']);

// A token from another issuer (Node's jsonwebtoken adds claims such as "iss"): kept.
$other = token_forge('{"typ":"JWT","alg":"HS256"}', token_json(['iss' => 'node', 'sub' => 'bob', 'iat' => time(), 'exp' => time() + 60, 'rooms' => []]), $secret);
var_dump(array_keys(Token::verify($other, $secret)));
?>
--EXPECTF--
{"alg":"HS256","typ":"JWT"}
bool(true)
int(300)
bool(true)
bool(true)
array(6) {
  ["sub"]=>
  string(5) "alice"
  ["iat"]=>
  int(%d)
  ["exp"]=>
  int(%d)
  ["rooms"]=>
  array(4) {
    [0]=>
    string(6) "team:1"
    [1]=>
    string(5) "admin"
    [2]=>
    int(42)
    [3]=>
    string(2) "42"
  }
  ["nsp"]=>
  string(5) "/chat"
  ["data"]=>
  array(2) {
    ["name"]=>
    string(8) "Zoë <b>"
    ["ids"]=>
    array(2) {
      [0]=>
      int(1)
      [1]=>
      float(2.5)
    }
  }
}
int(7)
array(4) {
  [0]=>
  string(3) "sub"
  [1]=>
  string(3) "iat"
  [2]=>
  string(3) "exp"
  [3]=>
  string(5) "rooms"
}
int(300)
string(1) "7"
array(2) {
  ["profile"]=>
  array(2) {
    ["role"]=>
    string(5) "admin"
    ["since"]=>
    string(24) "2023-11-14T22:13:20.000Z"
  }
  ["o"]=>
  array(1) {
    ["a"]=>
    NULL
  }
}
array(5) {
  [0]=>
  string(3) "iss"
  [1]=>
  string(3) "sub"
  [2]=>
  string(3) "iat"
  [3]=>
  string(3) "exp"
  [4]=>
  string(5) "rooms"
}
