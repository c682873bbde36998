/* geomap's map runtime: builds layers, popups, controls and the timeline from JSON data.
 * Text from reports is only ever set through textContent (or escaped where Leaflet wants HTML). */
(function () {
  "use strict";
  var G = (window.geomap = window.geomap || {});

  /* A data block: plain JSON, or gzip-compressed JSON in base64 for large ones. */
  G.load = function (id) {
    var node = document.getElementById(id);
    if (node.type === "application/json") return Promise.resolve(JSON.parse(node.textContent));
    var text = atob(node.textContent), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  };

  /* Map parts are drawn in page order, each once its data is read; G.pending counts what is not drawn yet. */
  G.pending = 0;
  G.queue = Promise.resolve();
  G.call = function (name, map, id) {
    G.pending += 1;
    G.queue = G.queue
      .then(function () { return G.load(id); })
      .then(function (data) { G[name](map, data); })
      .catch(function (error) { console.error("geomap: " + name + ": " + error); })
      .then(function () {
        G.pending -= 1;
        if (G.pending === 0) G.maps.forEach(function (m) { m.fire("geomap:ready"); }); /* every part is drawn */
      });
  };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  G.el = el;

  G.escape = function (text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  };

  /* Columns are {v: distinct values, c: one code per row, -1 for none}; c null: one value for all rows;
   * no c: one value per row. */
  function value(col, i) {
    if (col.c === undefined) return col.v[i];
    if (col.c === null) return col.v[0];
    var code = col.c[i];
    return code < 0 ? null : col.v[code];
  }
  G.value = value;

  G.maps = [];
  function registry(map) {
    if (!map._geomap) {
      map._geomap = { layers: [], order: [], canvas: L.canvas({ padding: 0.5, tolerance: 3 }), panes: {} };
      G.maps.push(map);
    }
    return map._geomap;
  }
  G.registry = registry;

  /* Put the data layers back in the order they were added (areas under claims under routes under markers):
   * a layer shown again (a filter, a timeline step) is drawn, and clicked, on top otherwise. */
  G.restack = function (map) {
    registry(map).order.forEach(function (layer) {
      if (map.hasLayer(layer) && layer.bringToFront) layer.bringToFront();
    });
  };

  /* The canvas a layer draws on: the data canvas, or one per basemap pane (under the data, not clickable). */
  var PANES = { "geomap-base": 250, "geomap-outlines": 350 };
  function canvasFor(map, pane) {
    var reg = registry(map);
    if (!pane) return reg.canvas;
    if (!reg.panes[pane]) {
      var node = map.createPane(pane);
      node.style.zIndex = String(PANES[pane] || 300);
      node.style.pointerEvents = "none";
      reg.panes[pane] = L.canvas({ pane: pane, padding: 0.5, tolerance: 2 });
    }
    return reg.panes[pane];
  }
  function colourOf(spec, i) {
    if (spec.colourBy === undefined || spec.colourBy === null) return spec.colour;
    var v = value(spec.cols[spec.colourBy], i);
    return (spec.colours && spec.colours[v]) || spec.colour;
  }

  function popupOf(spec, i) {
    var box = el("div", "geomap-popup");
    var table = el("table");
    spec.fields.forEach(function (field, j) {
      var v = value(spec.cols[j], i);
      if (v === null || v === "") return;
      var row = el("tr");
      row.appendChild(el("th", null, field[1]));
      row.appendChild(el("td", null, v));
      table.appendChild(row);
    });
    box.appendChild(table);
    return box;
  }
  G.popupOf = popupOf;

  function tooltipOf(spec, i) {
    var parts = (spec.tooltip || []).map(function (j) { return value(spec.cols[j], i); });
    return el("div", "geomap-tip", parts.filter(function (v) { return v; }).join(" · "));
  }

  /* One popup and one hover tooltip per layer, built from the feature's row when asked for. */
  function interact(map, layer, spec) {
    layer.on("click", function (e) {
      var i = e.layer && e.layer._geomapRow;
      if (i === undefined) return;
      L.popup({ maxWidth: 420 }).setLatLng(e.latlng).setContent(popupOf(spec, i)).openOn(map);
    });
    if (!spec.tooltip || !spec.tooltip.length) return;
    var tip = L.tooltip({ direction: "top", offset: [0, -6], className: "geomap-hover" });
    layer.on("mouseover", function (e) {
      var i = e.layer && e.layer._geomapRow;
      if (i === undefined) return;
      tip.setLatLng(e.layer.getLatLng ? e.layer.getLatLng() : e.latlng).setContent(tooltipOf(spec, i));
      map.openTooltip(tip);
    });
    layer.on("mouseout", function () { map.closeTooltip(tip); });
  }

  function register(map, layer, spec) {
    var reg = registry(map);
    if (!spec.pane) reg.order.push(layer);
    if (spec.control !== false) reg.layers.push({ name: spec.name, layer: layer });
    if (spec.show !== false) layer.addTo(map);
    return layer;
  }

  function label(layer, spec, i, options) {
    if (spec.label === undefined || spec.label === null) return;
    var text = value(spec.cols[spec.label], i);
    if (text) layer.bindTooltip(el("span", null, text), Object.assign({ permanent: true, className: "geomap-label" }, options));
  }

  /* A box on the map (a Leaflet control) whose content fill(div) builds; clicks and scrolls stay in it. */
  function panel(map, position, cls, fill) {
    var control = L.control({ position: position });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "geomap-legend " + cls);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      fill(div);
      return div;
    };
    return control.addTo(map);
  }

  function clusterIcon(spec, count) {
    var size = count < 10 ? 26 : count < 100 ? 32 : count < 1000 ? 38 : 44;
    var disc = el("div", "geomap-cluster", count >= 10000 ? Math.round(count / 1000) + "k" : count);
    disc.style.background = spec.colour;
    disc.style.width = disc.style.height = disc.style.lineHeight = size + "px";
    return L.divIcon({ html: disc, className: "geomap-cluster-icon", iconSize: [size, size] });
  }

  /* Clustered points: a supercluster index, and only what is in view drawn (clusters as icons in the
   * layer's colour, single points on the canvas); a click on a cluster zooms in until it splits. */
  function clustered(map, spec, make) {
    /* Up to zoom 12 (a view some 80 km across) points are clustered; closer in, every point in view is drawn.
     * Fewer levels and larger index nodes make building the index for 100,000 points several times faster. */
    var index = new Supercluster({ radius: 45, extent: 256, maxZoom: 12, minPoints: 2, nodeSize: 256 });
    var group = L.featureGroup();
    function draw() {
      if (!group._map) return;
      group.clearLayers();
      var b = map.getBounds().pad(0.25);
      var box = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -85), Math.min(b.getEast(), 180), Math.min(b.getNorth(), 85)];
      index.getClusters(box, Math.round(map.getZoom())).forEach(function (f) {
        var c = f.geometry.coordinates;
        if (f.properties.cluster) {
          var marker = L.marker([c[1], c[0]], { icon: clusterIcon(spec, f.properties.point_count) });
          marker._geomapCluster = f.properties.cluster_id;
          group.addLayer(marker);
        } else {
          group.addLayer(make(f.properties.row));
        }
      });
    }
    group.on("click", function (e) {
      var id = e.layer && e.layer._geomapCluster;
      if (id !== undefined) map.setView(e.layer.getLatLng(), Math.min(index.getClusterExpansionZoom(id), 18));
    });
    group.on("add", draw);
    map.on("moveend", draw);
    group._geomapShow = function (rows) {
      index.load(rows.map(function (i) {
        return { type: "Feature", geometry: { type: "Point", coordinates: [spec.x[i], spec.y[i]] }, properties: { row: i } };
      }));
      draw();
    };
    return group;
  }

  G.points = function (map, spec) {
    var renderer = canvasFor(map, spec.pane);
    var style = Object.assign({ radius: 7, weight: 1, color: "#222222", fillOpacity: 0.85 }, spec.style || {});
    var n = spec.x.length;
    function make(i) {
      var options = Object.assign({ renderer: renderer, pane: spec.pane || "overlayPane", fillColor: colourOf(spec, i) }, style);
      var marker = L.circleMarker([spec.y[i], spec.x[i]], options);
      marker._geomapRow = i;
      label(marker, spec, i, { direction: "right", offset: [4, 0], className: "geomap-label geomap-town" });
      return marker;
    }
    var all = [];
    for (var i = 0; i < n; i++) all.push(i);
    var group;
    if (spec.cluster) {
      group = clustered(map, spec, make);
    } else {
      var markers = all.map(make);
      group = L.featureGroup(markers);
      group._geomapShow = function (rows) {
        group.clearLayers();
        rows.forEach(function (r) { group.addLayer(markers[r]); });
      };
    }
    group._geomapShow(all);
    interact(map, group, spec);
    filterable(map, spec, n, group);
    return register(map, group, spec);
  };

  /* A layer the filter control filters: one whose spec has facets. */
  function filterable(map, spec, n, group) {
    var facets = Object.keys(spec.facets || {}).concat(Object.keys(spec.facetLists || {}));
    if (!facets.length) return;
    var reg = registry(map);
    reg.filterable = (reg.filterable || []).concat([{ spec: spec, n: n, group: group }]);
  }

  /* The values of a row for a facet: [] when it has none, null when the layer has no such facet. */
  function facetValues(spec, key, i) {
    if (spec.facetLists && spec.facetLists[key]) return spec.facetLists[key][i] || [];
    if (!spec.facets || spec.facets[key] === undefined) return null;
    var v = value(spec.cols[spec.facets[key]], i);
    return v === null || v === "" ? [] : [v];
  }
  G.facetValues = facetValues;

  /* One control filtering every layer with facets: a choice per facet (type, side, claimant) and a date range.
   * A row passes when each chosen value is among its values and one of its dates is in the range;
   * a layer without a facet is not filtered by it. */
  G.filter = function (map, spec) {
    var entries = registry(map).filterable || [];
    if (!entries.length) return null;
    var chosen = {};
    var from = "", to = "";
    function keep(entry, i) {
      for (var key in chosen) {
        if (chosen[key] === "") continue;
        var values = facetValues(entry.spec, key, i);
        if (values !== null && values.indexOf(chosen[key]) < 0) return false;
      }
      if (!from && !to) return true;
      var dates = facetValues(entry.spec, "date", i);
      if (dates === null) return true;
      return dates.some(function (d) { return !((from && d < from) || (to && d > to)); });
    }
    function apply() {
      entries.forEach(function (entry) {
        var kept = [];
        for (var i = 0; i < entry.n; i++) if (keep(entry, i)) kept.push(i);
        entry.group._geomapShow(kept);
      });
      G.restack(map);
      map.fire("geomap:filter");
    }
    return panel(map, "topleft", "geomap-filter", function (div) {
      div.appendChild(el("h4", null, "Show"));
      spec.by.forEach(function (b) {
        var seen = {};
        entries.forEach(function (entry) {
          for (var i = 0; i < entry.n; i++) {
            (facetValues(entry.spec, b[0], i) || []).forEach(function (v) { if (v) seen[v] = true; });
          }
        });
        var names = Object.keys(seen).sort();
        if (names.length < 2) return;
        var select = el("select", "geomap-filter-" + b[0]);
        select.appendChild(el("option", null, "every " + b[1].toLowerCase())).value = "";
        names.forEach(function (name) { select.appendChild(el("option", null, name)).value = name; });
        select.onchange = function () { chosen[b[0]] = select.value; apply(); };
        var row = el("label", null, b[1] + " ");
        row.appendChild(select);
        div.appendChild(row);
      });
      var start = el("input", "geomap-filter-from"), end = el("input", "geomap-filter-to");
      start.type = end.type = "date";
      start.onchange = function () { from = start.value; apply(); };
      end.onchange = function () { to = end.value; apply(); };
      var range = el("label", null, "Dates ");
      range.appendChild(start);
      range.appendChild(document.createTextNode(" – "));
      range.appendChild(end);
      div.appendChild(range);
    });
  };

  G.shapes = function (map, spec) {
    var renderer = canvasFor(map, spec.pane);
    if (spec.background) map.getContainer().style.background = spec.background;
    var base = Object.assign({ weight: 2, fillOpacity: 0.35 }, spec.style || {});
    var features = spec.geoms.map(function (geometry, i) {
      return { type: "Feature", geometry: geometry, properties: { row: i } };
    });
    var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      renderer: renderer,
      pane: spec.pane || "overlayPane",
      style: function (feature) {
        var colour = colourOf(spec, feature.properties.row);
        return Object.assign({ color: colour, fillColor: colour }, base);
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { renderer: renderer, pane: spec.pane || "overlayPane", radius: 6 });
      },
      onEachFeature: function (feature, sub) {
        var i = feature.properties.row;
        sub._geomapRow = i;
        if (spec.labelAt) labelAt(map, sub, spec, i);
        else label(sub, spec, i, { direction: "top", offset: [0, -8] });
      },
    });
    var subs = layer.getLayers();
    layer._geomapShow = function (rows) {
      layer.clearLayers();
      rows.forEach(function (r) { layer.addLayer(subs[r]); });
    };
    interact(map, layer, spec);
    if (spec.hover) hoverable(map, layer, spec);
    filterable(map, spec, subs.length, layer);
    return register(map, layer, spec);
  };

  /* A permanent label at a point of its own (spec.labelAt: one beyond each end of a route), shown while its
   * feature is: at the first point, or the second when the first label would leave the map or hide under
   * a control. */
  function labelAt(map, sub, spec, i) {
    var text = spec.label === null || spec.label === undefined ? null : value(spec.cols[spec.label], i);
    if (!text) return;
    var at = spec.labelAt, tip = null;
    function place(k) {
      if (tip) tip.remove();
      var side = at.dir[i][k];
      tip = L.tooltip({
        permanent: true, direction: side, offset: [side === "left" ? -4 : 4, 0],
        className: "geomap-label geomap-route-label",
      }).setLatLng([at.y[i][k], at.x[i][k]]).setContent(el("span", null, text));
      tip.addTo(map);
    }
    function covered() {
      var box = tip.getElement().getBoundingClientRect(), frame = map.getContainer().getBoundingClientRect();
      if (box.left < frame.left || box.right > frame.right || box.top < frame.top || box.bottom > frame.bottom) return true;
      return Array.prototype.some.call(map.getContainer().querySelectorAll(".leaflet-control"), function (c) {
        var r = c.getBoundingClientRect();
        return r.width > 0 && !(r.right < box.left || r.left > box.right || r.bottom < box.top || r.top > box.bottom);
      });
    }
    function choose() {
      place(0);
      if (covered()) {
        place(1);
        if (covered()) place(0);
      }
    }
    sub.on("add", function () { choose(); map.on("moveend geomap:ready", choose); });
    sub.on("remove", function () { map.off("moveend geomap:ready", choose); if (tip) tip.remove(); tip = null; });
  }

  /* Basemap features that name themselves on hover (outlines, rivers) in one box, outlined while hovered.
   * Their canvas takes no pointer events, so the map's own mousemove finds the feature under the cursor. */
  function hoverable(map, layer, spec) {
    var reg = registry(map);
    if (!reg.hover) {
      reg.hover = { layers: [], box: null, lit: null };
      var info = panel(map, "bottomleft", "geomap-hover-box", function () {});
      reg.hover.box = info.getContainer();
      reg.hover.box.style.display = "none";
      map.on("mousemove", function (e) { hoverAt(map, e.layerPoint); });
      map.on("mouseout", function () { hoverAt(map, null); });
    }
    reg.hover.layers.push({ layer: layer, spec: spec });
  }

  function hoverAt(map, point) {
    var hover = registry(map).hover, found = [];
    if (point) {
      hover.layers.forEach(function (entry) {
        if (!map.hasLayer(entry.layer)) return;
        entry.layer.eachLayer(function (sub) {
          if (sub._pxBounds && sub._containsPoint(point)) found.push({ sub: sub, spec: entry.spec });
        });
      });
    }
    if (hover.lit) hover.lit.forEach(function (f) { f.sub.setStyle({ weight: f.weight }); });
    hover.lit = found.map(function (f) { return { sub: f.sub, weight: f.sub.options.weight }; });
    found.forEach(function (f) { f.sub.setStyle({ weight: f.sub.options.weight * 2.5 }); });
    var box = hover.box;
    box.textContent = "";
    box.style.display = found.length ? "" : "none";
    found.reverse().forEach(function (f) {
      var row = el("div", "geomap-hover-row");
      f.spec.fields.forEach(function (field, j) {
        var v = value(f.spec.cols[j], f.sub._geomapRow);
        if (!v) return;
        if (j === 0) row.appendChild(el("b", null, v));
        else row.appendChild(el("div", "geomap-hover-" + j, field[1] + ": " + v));
      });
      box.appendChild(row);
    });
  }

  G.basemap = function (map, spec) {
    spec.layers.forEach(function (layer) {
      (layer.kind === "points" ? G.points : G.shapes)(map, layer);
    });
  };

  /* Online tiles: a layer of the layer control, switched on only when the browser is online. */
  G.tiles = function (map, spec) {
    var layer = L.tileLayer(spec.url, { attribution: spec.attribution, maxZoom: spec.maxZoom, pane: "tilePane" });
    return register(map, layer, { name: spec.name, show: navigator.onLine });
  };

  G.control = function (map, options) {
    if (!registry(map).layers.length) return null;
    /* Open beside the map on a wide window; an icon that opens on hover when the list would cover the data. */
    var collapsed = options.collapsed === null ? window.innerWidth < 1100 : options.collapsed;
    var control = L.control.layers(null, null, { collapsed: collapsed, position: "topright" });
    registry(map).layers.forEach(function (entry) {
      control.addOverlay(entry.layer, G.escape(entry.name)); /* Leaflet sets layer names as HTML */
    });
    control.addTo(map);
    return control;
  };

  /* A box of (title, rows) sections on the map: a legend or a small table. */
  G.box = function (map, spec) {
    return panel(map, spec.position, spec.cls || "", function (div) {
      spec.sections.forEach(function (section) {
        div.appendChild(el("h4", null, section.title));
        if (section.entries) {
          section.entries.forEach(function (entry) {
            var row = el("div");
            var swatch = el("i", "geomap-swatch-" + entry[2]);
            if (entry[2] === "outline" || entry[2] === "line") swatch.style.borderColor = entry[1];
            else swatch.style.background = entry[1];
            row.appendChild(swatch);
            row.appendChild(document.createTextNode(entry[0]));
            div.appendChild(row);
          });
        }
        if (section.rows) {
          var table = el("table");
          section.rows.forEach(function (cells, r) {
            var tr = el("tr");
            cells.forEach(function (cell) { tr.appendChild(el(r === 0 ? "th" : "td", null, cell)); });
            table.appendChild(tr);
          });
          div.appendChild(table);
        }
      });
    });
  };

  /* The timeline: one shapes layer per report date, stepped with buttons or a slider. */
  G.timeline = function (map, spec) {
    var layers = spec.frames.map(function (frame) {
      return G.shapes(map, Object.assign({}, frame, { show: false, control: false }));
    });
    var current = 0;
    var label, slider;
    function show(k) {
      map.removeLayer(layers[current]);
      current = Math.max(0, Math.min(layers.length - 1, k));
      layers[current].addTo(map);
      G.restack(map);
      label.textContent = spec.dates[current];
      slider.value = String(current);
    }
    var control = panel(map, "bottomleft", "geomap-time", function (div) {
      var back = el("button", "geomap-time-back", "◀");
      back.title = "previous report date";
      var forward = el("button", "geomap-time-forward", "▶");
      forward.title = "next report date";
      slider = el("input", "geomap-time-slider");
      slider.type = "range";
      slider.min = "0";
      slider.max = String(layers.length - 1);
      slider.step = "1";
      slider.value = "0";
      label = el("span", "geomap-time-date", spec.dates[0]);
      back.onclick = function () { show(current - 1); };
      forward.onclick = function () { show(current + 1); };
      slider.oninput = function () { show(Number(slider.value)); };
      [back, slider, forward, label].forEach(function (node) { div.appendChild(node); });
    });
    if (layers.length) layers[0].addTo(map);
    return control;
  };
})();
