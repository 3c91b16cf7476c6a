// Reply in place: a "Reply" link moves the comment form under the comment it answers.
// Progressive enhancement only: without this file each Reply link opens the article with
// the form set to answer (?replytocom=ID#respond), which the server handles.
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  var form = document.getElementById("commentform");
  if (!respond || !form) {
    return;
  }
  var parentField = document.getElementById("comment_parent");
  var titleText = document.getElementById("reply-title-text");
  var title = document.getElementById("reply-title");
  var textarea = document.getElementById("comment");
  var plainTitle = "Leave a Reply";

  // Marks where the form lives, so cancelling puts it back there.
  var home = document.createElement("div");
  home.id = "respond-home";
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function cancelLink() {
    // The server writes this link only on a ?replytocom page; otherwise make one.
    var link = document.getElementById("cancel-comment-reply-link");
    if (!link) {
      var small = document.createElement("small");
      link = document.createElement("a");
      link.id = "cancel-comment-reply-link";
      link.textContent = "Cancel reply";
      link.href = window.location.pathname + "#respond";
      small.appendChild(link);
      title.appendChild(document.createTextNode(" "));
      title.appendChild(small);
    }
    return link;
  }

  function replyTo(link) {
    var comment = document.getElementById("comment-" + link.dataset.commentId);
    if (!comment) {
      return false;
    }
    var body = comment.querySelector(".comment-body");
    body.parentNode.insertBefore(respond, body.nextSibling);
    parentField.value = link.dataset.commentId;
    // As text, never as markup: the name is whatever the commenter typed.
    titleText.textContent = "Replying to " + link.dataset.author;
    cancelLink().parentNode.hidden = false;
    textarea.focus();
    return true;
  }

  function cancel() {
    home.parentNode.insertBefore(respond, home);
    parentField.value = "0";
    titleText.textContent = plainTitle;
    cancelLink().parentNode.hidden = true;
    textarea.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var reply = target.closest("a.comment-reply-link");
    if (reply && reply.dataset.commentId && replyTo(reply)) {
      event.preventDefault();
      return;
    }
    if (target.closest("#cancel-comment-reply-link")) {
      event.preventDefault();
      cancel();
    }
  });
})();
