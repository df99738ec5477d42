<?php
// Preflight only (not benchmarked): proves the pool runs with the intended php.ini and extensions.
header('Content-Type: application/json');
echo json_encode([
    'sapi' => PHP_SAPI,
    'ini' => php_ini_loaded_file(),
    'scanned' => php_ini_scanned_files(),
    'opcache' => function_exists('opcache_get_status') && (opcache_get_status(false)['opcache_enabled'] ?? false),
    'extensions' => array_values(array_filter(['socketio', 'redis', 'msgpack'], 'extension_loaded')),
    'pid' => getmypid(),
]);
