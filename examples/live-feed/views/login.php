<?php /** @var array $users */ use function LiveFeed\e; ?>
<main class="login">
  <h1>Live feed</h1>
  <p>Demo accounts (no password). Open each in its own browser or private window.</p>
  <ul>
    <?php foreach ($users as $u): ?>
      <li><a class="button" href="/login?as=<?= e($u['login']) ?>">
        <?= e($u['name']) ?>: team <?= e($u['team']) ?><?= $u['admin'] ? ', admin' : '' ?>
      </a></li>
    <?php endforeach ?>
  </ul>
</main>
