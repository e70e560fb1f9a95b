// Starts botfront's rasa-webchat on the page's #webchat element (its data-socket-url is the Rasa
// server). Kept out of the page so the storefront's content security policy needs no inline script.
(function () {
  "use strict";
  var el = document.getElementById("webchat");
  window.WebChat.default({
    socketUrl: el.getAttribute("data-socket-url"),
    socketPath: "/socket.io/",
    initPayload: "/greet",
    customData: { language: "en" },
    title: "Shop assistant",
    subtitle: "rasa-webchat over socket.io",
    inputTextFieldHint: "Type a message...",
    embedded: true,
    showMessageDate: false,
    params: { storage: "session" }
  }, el);
})();
