/* Demo storefront: a product grid from /catalog.json; reacts to the chat widget's events. */
(function () {
  "use strict";
  var grid = document.getElementById("grid");
  var status = document.getElementById("status");
  var select = document.getElementById("category");
  var cartCount = document.getElementById("cart-count");
  var products = [];

  function card(p) {
    var li = document.createElement("li");
    li.className = "store-card";
    li.id = "product-" + p.id;
    li.tabIndex = -1;
    if (p.image) {
      var img = document.createElement("img");
      img.src = "/" + p.image;
      img.alt = p.title;
      img.loading = "lazy";
      li.appendChild(img);
    }
    var h = document.createElement("h2");
    h.textContent = p.title;
    li.appendChild(h);
    var price = document.createElement("p");
    price.className = "store-price";
    price.textContent = typeof p.price === "number" ? "$" + p.price.toFixed(2) : "";
    li.appendChild(price);
    var cat = document.createElement("p");
    cat.className = "store-cat";
    cat.textContent = p.category;
    li.appendChild(cat);
    return li;
  }
  function render() {
    var wanted = select.value;
    grid.textContent = "";
    var shown = products.filter(function (p) { return !wanted || p.leaf === wanted; });
    shown.forEach(function (p) { grid.appendChild(card(p)); });
    status.textContent = shown.length + " products";
  }
  fetch("/catalog.json").then(function (r) { return r.json(); }).then(function (data) {
    products = data.products || [];
    var leaves = Array.from(new Set(products.map(function (p) { return p.leaf; }))).sort();
    leaves.forEach(function (leaf) {
      var o = document.createElement("option");
      o.value = leaf;
      o.textContent = leaf;
      select.appendChild(o);
    });
    render();
  }).catch(function () { status.textContent = "Could not load the products."; });
  select.addEventListener("change", render);

  document.addEventListener("shopchat:view", function (e) {
    select.value = "";
    render();
    var target = document.getElementById("product-" + e.detail.id);
    if (target) {
      target.classList.add("store-highlight");
      target.scrollIntoView({ behavior: "smooth", block: "center" });
    }
  });
  // The chat and the "Add to cart" buttons fill one cart on the server; it sends the count after each change.
  document.addEventListener("shopchat:cart", function (e) {
    cartCount.textContent = String(e.detail.count);
  });
})();
