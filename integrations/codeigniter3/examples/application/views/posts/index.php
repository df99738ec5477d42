<!doctype html>
<html lang="en">
<head>
	<meta charset="utf-8">
	<title>Team feed</title>
</head>
<body>
<form id="post-form" action="<?= site_url('posts/post_message') ?>" method="post">
	<textarea name="body" required></textarea>
	<button type="submit">Post</button>
</form>
<ul id="posts">
	<?php foreach ($posts as $post): ?>
		<?php $this->load->view('posts/_post', array('post' => $post)) ?>
	<?php endforeach ?>
</ul>

<?php // #region client ?>
<script src="<?= html_escape($socketio_url) ?>/socket.io/socket.io.min.js"></script>
<script>
  const socket = io(<?= json_encode($socketio_url, JSON_HEX_TAG | JSON_UNESCAPED_SLASHES) ?>, {
    auth: { token: <?= json_encode($socketio_token, JSON_HEX_TAG) ?> },
  });
  const list = document.getElementById("posts");
  // A post can arrive twice (the page's own response, a reconnect): its id decides.
  function show(post) {
    if (!document.getElementById("post-" + post.id)) list.insertAdjacentHTML("afterbegin", post.html);
  }
  socket.on("new_post", show);
  socket.on("connect_error", (err) => console.warn("live updates unavailable:", err.message));

  document.getElementById("post-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const res = await fetch(e.target.action, {
      method: "POST",
      body: new FormData(e.target),
      headers: { "X-Socket-ID": socket.id ?? "", "X-Requested-With": "XMLHttpRequest" },
    });
    if (res.ok) { show(await res.json()); e.target.reset(); }
  });
</script>
<?php // #endregion client ?>
</body>
</html>
