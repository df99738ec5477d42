<?php
// (1) The ceiling: the same request without any emit.
require __DIR__ . '/common.php';

$post = build_post();
respond($post, null);
