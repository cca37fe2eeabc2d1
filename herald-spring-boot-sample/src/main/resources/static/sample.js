// The page follows the news and every user's topic (a URL pattern): which private updates reach it is the hub's
// decision, taken with this page's session (UserTopics on the server), not the page's choice of topics.
const NEWS = "https://herald.example/news";
const USERS = "https://herald.example/users/:name";

async function start() {
  const session = await (await fetch("/session")).json();
  document.getElementById("user").textContent = session.user;

  const url = new URL(session.hub, window.location.origin);
  url.searchParams.append("match", NEWS);
  url.searchParams.append("match_urlpattern", USERS);
  // Same origin: the session cookie goes with the request, and no token is needed.
  const updates = new EventSource(url);
  const status = document.getElementById("status");
  updates.onopen = () => { status.textContent = "Live"; };
  updates.onerror = () => { status.textContent = "Reconnecting…"; };
  updates.onmessage = (event) => show(event.lastEventId, JSON.parse(event.data));

  post("news-form", "/news", session);
  post("order-form", "/orders", session);
}

function show(id, notice) {
  const item = document.createElement("li");
  item.dataset.id = id;
  item.dataset.kind = notice.kind;
  item.dataset.user = notice.user;
  const from = document.createElement("span");
  from.className = "from";
  from.textContent = notice.kind === "news" ? notice.user + " says" : "For " + notice.user;
  const text = document.createElement("span");
  text.className = "text";
  text.textContent = notice.text;
  item.append(from, text);
  document.getElementById("updates").prepend(item);
}

function post(formId, path, session) {
  const form = document.getElementById(formId);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(path, {
      method: "POST",
      headers: { [session.csrfHeader]: session.csrfToken },
      body: new URLSearchParams(new FormData(form)),
    });
    if (response.ok) {
      form.reset();
    }
  });
}

start();
