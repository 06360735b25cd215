// Progressive enhancement of the item form; without JavaScript the plain textarea and the
// server's validation do everything.
// 1. Rich text: each textarea.rich becomes a Quill editor (self-hosted); on submit its HTML goes
//    back into the textarea. The server sanitises whatever arrives.
// 2. Autosave: what the editor types is kept in this browser (localStorage) every few seconds,
//    and offered back if the page is opened again before the form was sent (a crash, a closed
//    tab, a lost connection). Nothing leaves the browser until the person saves.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-autosave]');
  Array.prototype.forEach.call(forms, function (form) {
    var key = 'cong-draft:' + form.getAttribute('data-autosave');
    var editors = [];

    Array.prototype.forEach.call(form.querySelectorAll('textarea.rich'), function (area) {
      if (typeof window.Quill !== 'function') return;
      var holder = document.createElement('div');
      holder.className = 'rich-editor';
      area.parentNode.insertBefore(holder, area);
      var quill = new window.Quill(holder, {
        theme: 'snow',
        modules: {
          toolbar: [
            [{ header: [2, 3, false] }],
            ['bold', 'italic', 'underline'],
            [{ list: 'ordered' }, { list: 'bullet' }],
            ['blockquote', 'link'],
            ['clean'],
          ],
        },
      });
      quill.clipboard.dangerouslyPasteHTML(area.value || '');
      var label = document.querySelector('label[for="' + area.id + '"]');
      quill.root.setAttribute('aria-label', label ? label.textContent : 'Nội dung');
      quill.root.setAttribute('role', 'textbox');
      quill.root.setAttribute('aria-multiline', 'true');
      area.hidden = true;
      editors.push({ area: area, quill: quill });
    });

    function sync() {
      editors.forEach(function (e) {
        // Quill 2.0.3's getSemanticHTML writes every space as &nbsp; (an upstream bug), which
        // would glue whole paragraphs into one unbreakable line.
        e.area.value = e.quill.getSemanticHTML().replace(/&nbsp;|\u00a0/g, ' ');
      });
    }
    function snapshot() {
      sync();
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === 'hidden' || el.type === 'file' || el.type === 'submit') return;
        if (el.type === 'checkbox' || el.type === 'radio') {
          if (el.checked) (data[el.name] = data[el.name] || []).push(el.value);
        } else data[el.name] = el.value;
      });
      return data;
    }

    form.addEventListener('submit', function () {
      sync();
      try {
        localStorage.removeItem(key);
      } catch {
        /* storage may be disabled */
      }
    });

    var saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(key) || 'null');
    } catch {
      saved = null;
    }
    if (saved && saved.data) {
      var note = document.createElement('div');
      note.className = 'flash flash--error autosave-note';
      note.setAttribute('role', 'status');
      var when = new Date(saved.at).toLocaleString('vi-VN');
      note.appendChild(document.createTextNode('Có bản đang soạn dở chưa lưu (lúc ' + when + '). '));
      var restore = document.createElement('button');
      restore.type = 'button';
      restore.textContent = 'Khôi phục bản đó';
      var drop = document.createElement('button');
      drop.type = 'button';
      drop.className = 'secondary';
      drop.textContent = 'Bỏ qua';
      note.appendChild(restore);
      note.appendChild(document.createTextNode(' '));
      note.appendChild(drop);
      form.insertBefore(note, form.firstChild);
      restore.addEventListener('click', function () {
        Object.keys(saved.data).forEach(function (name) {
          var value = saved.data[name];
          Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (el) {
            if (el.type === 'checkbox' || el.type === 'radio')
              el.checked = Array.isArray(value) && value.indexOf(el.value) !== -1;
            else el.value = value;
          });
        });
        editors.forEach(function (e) {
          e.quill.clipboard.dangerouslyPasteHTML(e.area.value || '');
        });
        note.remove();
      });
      drop.addEventListener('click', function () {
        localStorage.removeItem(key);
        note.remove();
      });
    }

    var last = '';
    setInterval(function () {
      var data = snapshot();
      var text = JSON.stringify(data);
      if (text === last) return;
      last = text;
      try {
        localStorage.setItem(key, JSON.stringify({ at: Date.now(), data: data }));
      } catch {
        /* full or disabled: nothing to do */
      }
    }, 5000);
  });
})();
