<?php

declare(strict_types=1);

namespace SocketIO\CodeIgniter;

/**
 * Redis URLs as they may be shown: in command output, logs and dumps, never with a password.
 */
final class Redact
{
    /**
     * `redis://app:s3cret@host:6379` -> `redis://app:***@host:6379`; `unix://:pw@/run/r.sock` ->
     * `unix://:***@/run/r.sock`. A URL without credentials is returned as is.
     */
    public static function url(string $url): string
    {
        // The userinfo is everything between "://" and the last "@" before the path: a password
        // may itself contain "@" when it is not percent-encoded.
        if (preg_match('~^([a-z][a-z0-9+.-]*://)([^/]*)@(.*)$~i', $url, $m) !== 1) {
            return $url;
        }
        $colon = strpos($m[2], ':');
        if ($colon === false) {
            return $url; // a user name alone is not a secret
        }

        return $m[1] . substr($m[2], 0, $colon) . ':***@' . $m[3];
    }
}
