// Progressive enhancement of the item form; without JavaScript the plain textarea and the
// server's validation do everything.
// 1. Rich text: each textarea.rich becomes a Quill editor (self-hosted); on submit its HTML goes
//    back into the textarea. The server sanitises whatever arrives.
//    Its image button inserts an image of the site's library (the choices of the cover field),
//    with a description for people who cannot see it; nothing is uploaded from the editor.
// 2. Autosave: what the editor types is kept in this browser (localStorage) every few seconds,
//    and offered back if the page is opened again before the form was sent (a crash, a closed
//    tab, a lost connection). Nothing leaves the browser until the person saves.
(function () {
  'use strict';
  var TOOL_NAMES = {
    '.ql-header .ql-picker-label': 'Kiểu đoạn (tiêu đề)',
    'button.ql-bold': 'Chữ đậm',
    'button.ql-italic': 'Chữ nghiêng',
    'button.ql-underline': 'Gạch chân',
    'button.ql-list[value="ordered"]': 'Danh sách đánh số',
    'button.ql-list[value="bullet"]': 'Danh sách gạch đầu dòng',
    'button.ql-blockquote': 'Trích dẫn',
    'button.ql-link': 'Chèn liên kết',
    'button.ql-image': 'Chèn ảnh từ thư viện',
    'button.ql-clean': 'Xóa định dạng',
  };
  /** A main and a secondary button, appended to `parent`; returns both. */
  function buttonPair(parent, main, secondary) {
    var buttons = [main, secondary].map(function (text, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      if (i === 1) b.className = 'secondary';
      return b;
    });
    parent.appendChild(buttons[0]);
    parent.appendChild(document.createTextNode(' '));
    parent.appendChild(buttons[1]);
    return buttons;
  }

  var forms = document.querySelectorAll('form[data-autosave]');
  Array.prototype.forEach.call(forms, function (form) {
    var key = 'cong-draft:' + form.getAttribute('data-autosave');
    var editors = [];

    // The library's images, as the cover field lists them.
    var images = Array.prototype.filter
      .call(form.querySelectorAll('select[name="coverMediaId"] option[data-src]'), function (o) {
        return o.getAttribute('data-src');
      })
      .map(function (o) {
        return { src: o.getAttribute('data-src'), alt: o.getAttribute('data-alt') || '', name: o.textContent };
      });

    Array.prototype.forEach.call(form.querySelectorAll('textarea.rich'), function (area) {
      if (typeof window.Quill !== 'function') return;
      var holder = document.createElement('div');
      holder.className = 'rich-editor';
      area.parentNode.insertBefore(holder, area);
      var picker = images.length ? imagePicker(images) : null;
      var quill = new window.Quill(holder, {
        theme: 'snow',
        modules: {
          toolbar: {
            container: [
              [{ header: [2, 3, false] }],
              ['bold', 'italic', 'underline'],
              [{ list: 'ordered' }, { list: 'bullet' }],
              ['blockquote', 'link'].concat(picker ? ['image'] : []),
              ['clean'],
            ],
            handlers: {
              image: function () {
                if (picker) picker.open(quill);
              },
            },
          },
        },
      });
      if (picker) holder.parentNode.insertBefore(picker.element, holder);
      // The toolbar's controls, named in Vietnamese (Quill names its buttons in English and leaves
      // the heading picker unnamed).
      var toolbar = quill.getModule('toolbar').container;
      Object.keys(TOOL_NAMES).forEach(function (selector) {
        Array.prototype.forEach.call(toolbar.querySelectorAll(selector), function (el) {
          el.setAttribute('aria-label', TOOL_NAMES[selector]);
        });
      });
      quill.clipboard.dangerouslyPasteHTML(area.value || '');
      var label = document.querySelector('label[for="' + area.id + '"]');
      quill.root.setAttribute('aria-label', label ? label.textContent : 'Nội dung');
      quill.root.setAttribute('role', 'textbox');
      quill.root.setAttribute('aria-multiline', 'true');
      area.hidden = true;
      editors.push({ area: area, quill: quill });
    });

    /** A small panel to pick a library image and describe it, then insert it where the cursor is. */
    function imagePicker(choices) {
      var n = form.querySelectorAll('.image-picker').length;
      var panel = document.createElement('div');
      panel.className = 'image-picker card';
      panel.setAttribute('role', 'group');
      panel.setAttribute('aria-label', 'Chèn ảnh từ thư viện');
      panel.hidden = true;
      var field = function (id, text, control) {
        var wrap = document.createElement('div');
        var label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = text;
        control.id = id;
        wrap.appendChild(label);
        wrap.appendChild(control);
        panel.appendChild(wrap);
        return control;
      };
      var select = document.createElement('select');
      choices.forEach(function (c, i) {
        var o = document.createElement('option');
        o.value = String(i);
        o.textContent = c.name;
        select.appendChild(o);
      });
      field('image-pick-' + n, 'Ảnh trong thư viện', select);
      var alt = field(
        'image-alt-' + n,
        'Mô tả ảnh (đọc cho người không nhìn thấy ảnh)',
        document.createElement('input'),
      );
      alt.type = 'text';
      alt.maxLength = 300;
      var error = document.createElement('p');
      error.className = 'field-error';
      error.setAttribute('role', 'alert');
      panel.appendChild(error);
      var pair = buttonPair(panel, 'Chèn ảnh', 'Hủy');
      var insert = pair[0];
      var cancel = pair[1];
      var target = null;
      var at = 0;
      select.addEventListener('change', function () {
        alt.value = choices[Number(select.value)].alt;
      });
      insert.addEventListener('click', function () {
        var text = alt.value.trim();
        if (!text) {
          error.textContent = 'Hãy nhập mô tả ảnh.';
          alt.focus();
          return;
        }
        var Delta = window.Quill.import('delta');
        target.updateContents(
          new Delta().retain(at).insert({ image: choices[Number(select.value)].src }, { alt: text }),
          'user',
        );
        target.setSelection(at + 1, 0, 'user');
        panel.hidden = true;
      });
      cancel.addEventListener('click', function () {
        panel.hidden = true;
        target.focus();
      });
      return {
        element: panel,
        open: function (quill) {
          target = quill;
          at = (quill.getSelection(true) || { index: quill.getLength() - 1 }).index;
          error.textContent = '';
          alt.value = choices[Number(select.value)].alt;
          panel.hidden = false;
          select.focus();
        },
      };
    }

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
      var choice = buttonPair(note, 'Khôi phục bản đó', 'Bỏ qua');
      var restore = choice[0];
      var drop = choice[1];
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
