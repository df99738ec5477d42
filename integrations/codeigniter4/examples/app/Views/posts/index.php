<?= $this->extend('layout') ?>

<?= $this->section('content') ?>
<form id="post-form" action="<?= site_url('posts/post_message') ?>" method="post">
    <textarea name="body" required></textarea>
    <button type="submit">Post</button>
</form>
<ul id="posts">
    <?php foreach ($posts as $post): ?>
        <?= view('posts/_post', ['post' => $post]) ?>
    <?php endforeach ?>
</ul>
<?= $this->endSection() ?>
