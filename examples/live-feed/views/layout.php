<?php /** @var string $title @var string $content @var ?string $socketUrl */ use function LiveFeed\e; ?>
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title><?= e($title) ?></title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/style.css">
</head>
<body>
<?= $content ?>
<?php if (!empty($socketUrl)): ?>
  <!-- #region client-script -->
  <!-- The client served by the companion server itself, so its version always matches. -->
  <script src="<?= e(rtrim($socketUrl, '/')) ?>/socket.io/socket.io.min.js"></script>
  <script src="/app.js"></script>
  <!-- #endregion client-script -->
<?php endif ?>
</body>
</html>
