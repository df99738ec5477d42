<?php
/** @var array $user @var array $posts @var array $page */
use function LiveFeed\e;
use function LiveFeed\render;
?>
<header class="bar">
  <span class="who">
    <?= e($user['name']) ?> · team <?= e($user['team']) ?>
    <?php if ($user['admin']): ?><span class="badge">admin: sees every team</span><?php endif ?>
  </span>
  <span id="live-status" data-state="connecting">connecting…</span>
  <form method="post" action="/logout"><button type="submit" class="link">Log out</button></form>
</header>
<main class="feed">
  <form id="post-form" class="compose">
    <textarea name="body" maxlength="2000" required placeholder="Write to team <?= e($user['team']) ?><?= $user['admin'] ? '' : ' (and the admins)' ?>…"></textarea>
    <button type="submit">Post</button>
  </form>
  <p id="post-error" class="error" hidden></p>
  <section id="posts" aria-live="polite">
    <?php foreach (array_reverse($posts) as $post): ?>
      <?= render('post', ['post' => $post]) ?>
    <?php endforeach ?>
  </section>
  <p id="no-posts" class="empty"<?= $posts ? ' hidden' : '' ?>>No posts yet.</p>
</main>
<script type="application/json" id="live-config"><?= json_encode($page, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT | JSON_THROW_ON_ERROR) ?></script>
