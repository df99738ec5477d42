<?php
// Templates are plain PHP files in views/; every value is escaped on output with e().

declare(strict_types=1);

namespace LiveFeed;

function e(string|int $value): string
{
    return htmlspecialchars((string) $value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

/** Renders views/<name>.php with `vars` in scope and returns the HTML. */
function render(string $name, array $vars = []): string
{
    extract($vars, EXTR_SKIP);
    ob_start();
    try {
        require APP_DIR . '/views/' . $name . '.php';
        return (string) ob_get_contents();
    } finally {
        ob_end_clean();
    }
}
