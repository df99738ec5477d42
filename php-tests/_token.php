<?php
// Shared by the token phpt tests: an independent HS256 JWT implementation in plain PHP
// (hash_hmac, base64), to check the extension's tokens byte for byte and to forge tokens.

function token_b64(string $bytes): string
{
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

function token_unb64(string $text): string
{
    return base64_decode(strtr($text, '-_', '+/'), true);
}

/** Signs any header and payload JSON, as a forger knowing (or guessing) the secret would. */
function token_forge(string $header, string $payload, string $secret): string
{
    $input = token_b64($header) . '.' . token_b64($payload);
    return $input . '.' . token_b64(hash_hmac('sha256', $input, $secret, true));
}

/** JSON as JSON.stringify writes it (no escaped slashes or non-ASCII). */
function token_json(mixed $value): string
{
    return json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
}

/** Runs $f; prints the exception's class, TokenException code name and message. */
function token_refused(string $label, callable $f): void
{
    try {
        $f();
        echo "$label: accepted\n";
    } catch (Throwable $e) {
        $code = '';
        if ($e instanceof SocketIO\TokenException) {
            $names = array_flip((new ReflectionClass($e))->getConstants());
            $code = ' ' . ($names[$e->getCode()] ?? $e->getCode());
        }
        echo "$label: ", get_class($e), "$code: ", $e->getMessage(), "\n";
    }
}
