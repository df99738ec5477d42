// The page's live part: connect to the companion Socket.IO server with the token PHP rendered
// into the page, insert the posts PHP pushes, post with our socket id so PHP leaves us out of its
// broadcast (we show our own post from the response), and never show a post twice.
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("live-config").textContent);
  const list = document.getElementById("posts");
  const status = document.getElementById("live-status");
  const form = document.getElementById("post-form");
  const errorBox = document.getElementById("post-error");

  // What arrived by which path, for people debugging in the console (and for the browser test).
  const seen = { socket: [], response: [], catchUp: [] };
  window.liveFeed = seen;

  function lastId() {
    let max = 0;
    for (const el of list.querySelectorAll("[data-post-id]")) max = Math.max(max, Number(el.dataset.postId));
    return max;
  }

  // Posts are keyed by id: one that is already on the page (server-rendered, from our own POST,
  // or from a catch-up) is not inserted again. The HTML is PHP's rendered, escaped partial.
  function addPost(post) {
    if (list.querySelector(`[data-post-id="${Number(post.id)}"]`)) return false;
    list.insertAdjacentHTML("afterbegin", post.html);
    list.firstElementChild.classList.add("fresh");
    document.getElementById("no-posts").hidden = true;
    return true;
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  // Events emitted between the page render and the socket joining its rooms cannot reach this
  // page; on every (re)connect it asks PHP for what it may have missed.
  async function catchUp() {
    const res = await fetch(`/posts?after=${lastId()}`, { headers: { accept: "application/json" } });
    if (!res.ok) return;
    for (const post of (await res.json()).posts) {
      seen.catchUp.push(post.id);
      addPost(post);
    }
  }

  // #region connect
  // The first connection uses the token in the page; reconnections ask PHP for a fresh one
  // (tokens live 5 minutes).
  let pageToken = config.token;
  const socket = io(config.socketUrl, {
    auth: (cb) => {
      if (pageToken) {
        cb({ token: pageToken });
        pageToken = null;
        return;
      }
      fetch("/token")
        .then((r) => r.json())
        .then((j) => cb({ token: j.token }))
        .catch(() => cb({}));
    },
  });

  socket.on("connect", () => {
    setStatus("live", "live");
    catchUp().catch(() => {});
  });
  socket.on("disconnect", () => setStatus("offline", "offline, reconnecting…"));
  socket.on("connect_error", (err) => {
    // A refusal by the server's token check stops socket.io's retries; an expired token is
    // retried with a fresh one, anything else is shown.
    if (err.data?.code === "expired") {
      setTimeout(() => socket.connect(), 1000);
      return;
    }
    setStatus(socket.active ? "offline" : "refused", socket.active ? "offline, reconnecting…" : `refused: ${err.message}`);
  });
  socket.on("new_post", (post) => {
    seen.socket.push(post.id);
    addPost(post);
  });
  // #endregion connect

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const body = new FormData(form);
    // #region post
    const res = await fetch("/posts", {
      method: "POST",
      body,
      // X-Socket-ID: PHP emits with except(<this id>), so this page gets no broadcast copy.
      headers: { accept: "application/json", "x-csrf-token": config.csrf, "x-socket-id": socket.id ?? "" },
    });
    // #endregion post
    const answer = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
    if (!res.ok) {
      errorBox.textContent = answer.error ?? `HTTP ${res.status}`;
      errorBox.hidden = false;
      return;
    }
    seen.response.push(answer.post.id);
    addPost(answer.post);
    form.reset();
  });
})();
