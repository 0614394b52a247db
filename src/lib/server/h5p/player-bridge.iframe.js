// @ts-nocheck
/**
 * Runs inside the H5P player page (/h5p/<id>/), which the server sandboxes into an opaque
 * origin. Starts h5p-standalone on the package the page names, keeps the lesson's frame as tall
 * as the content, and forwards the content's own answered/completed xAPI statements to the
 * lesson page, which alone may record them. A plain script (no module): module scripts would be
 * fetched with CORS from this opaque origin.
 */
(function () {
  'use strict';

  var ANSWERED = 'http://adlnet.gov/expapi/verbs/answered';
  var COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
  var SUB_CONTENT = 'http://h5p.org/x-api/h5p-subContentId';
  // The platform's address (location keeps the URL's origin; this document's own origin is "null").
  var platformOrigin = location.origin;

  /** H5P core's words, in Vietnamese (the content's own words come from its content.json). */
  var VIETNAMESE = {
    H5P: {
      fullscreen: 'Toàn màn hình',
      disableFullscreen: 'Thoát toàn màn hình',
      download: 'Tải về',
      copyrights: 'Quyền sử dụng',
      embed: 'Nhúng',
      size: 'Kích thước',
      showAdvanced: 'Hiện nâng cao',
      hideAdvanced: 'Ẩn nâng cao',
      copyrightInformation: 'Quyền sử dụng',
      close: 'Đóng',
      title: 'Tiêu đề',
      author: 'Tác giả',
      year: 'Năm',
      source: 'Nguồn',
      license: 'Giấy phép',
      thumbnail: 'Ảnh thu nhỏ',
      noCopyrights: 'Không có thông tin bản quyền cho nội dung này.',
      reuse: 'Dùng lại',
      contentChanged: 'Nội dung này đã thay đổi từ lần trước anh/chị làm.',
      startingOver: 'Anh/chị sẽ làm lại từ đầu.',
      by: 'của',
      showMore: 'Xem thêm',
      showLess: 'Thu gọn',
      confirmDialogHeader: 'Xác nhận',
      confirmDialogBody: 'Anh/chị có chắc muốn tiếp tục? Thao tác này không hoàn tác được.',
      cancelLabel: 'Hủy',
      confirmLabel: 'Xác nhận',
      licenseU: 'Không công bố',
      contentType: 'Loại nội dung',
      connectionLost: 'Mất kết nối. Kết quả sẽ được gửi khi có kết nối trở lại.',
      connectionReestablished: 'Đã có kết nối trở lại.',
    },
  };

  function post(message) {
    if (window.parent === window) return;
    message.source = 'hls-h5p';
    window.parent.postMessage(message, platformOrigin);
  }

  /** H5P core keeps a few things in localStorage; an opaque origin has none and throws on access. */
  function installMemoryStorage() {
    try {
      if (window.localStorage) return;
    } catch (error) {
      // Sandboxed: fall through to the in-memory stand-in.
    }
    var items = new Map();
    var storage = {
      getItem: function (key) {
        return items.has(String(key)) ? items.get(String(key)) : null;
      },
      setItem: function (key, value) {
        items.set(String(key), String(value));
      },
      removeItem: function (key) {
        items.delete(String(key));
      },
      clear: function () {
        items.clear();
      },
      key: function (index) {
        return Array.from(items.keys())[index] ?? null;
      },
      get length() {
        return items.size;
      },
    };
    try {
      Object.defineProperty(window, 'localStorage', { value: storage, configurable: true });
    } catch (error) {
      // Left as it is: H5P then catches the errors itself.
    }
  }

  function number(value) {
    return typeof value === 'number' && isFinite(value) ? value : undefined;
  }

  function flag(value) {
    return typeof value === 'boolean' ? value : undefined;
  }

  /** Statements about a part of the content (one question of a set) are not the activity's result. */
  function isSubContent(statement) {
    var object = statement.object || {};
    var objectExtensions = (object.definition && object.definition.extensions) || {};
    var contextExtensions = (statement.context && statement.context.extensions) || {};
    return (
      Boolean(objectExtensions[SUB_CONTENT] || contextExtensions[SUB_CONTENT]) ||
      /[?&]subContentId=/.test(String(object.id || ''))
    );
  }

  function forward(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.verb) return;
    var verb = statement.verb.id;
    if ((verb !== ANSWERED && verb !== COMPLETED) || isSubContent(statement)) return;
    var result = statement.result || {};
    var score = result.score || {};
    post({
      kind: 'xapi',
      statement: {
        verb: verb === ANSWERED ? 'answered' : 'completed',
        raw: number(score.raw),
        max: number(score.max),
        scaled: number(score.scaled),
        success: flag(result.success),
        completion: flag(result.completion),
      },
    });
  }

  /** What the player last said: 'ready', 'missing' or 'error' (repeated when the page asks). */
  var state = null;
  var lastHeight = 0;

  function tell(kind) {
    state = kind;
    post({ kind: kind });
  }

  function watchHeight(element) {
    function report() {
      var height = Math.ceil(element.getBoundingClientRect().height);
      if (height === lastHeight) return;
      lastHeight = height;
      post({ kind: 'height', height: height });
    }
    if (typeof ResizeObserver === 'function') new ResizeObserver(report).observe(element);
    window.addEventListener('load', report);
    report();
    // The lesson page's script may start after this frame has spoken: it says hello, we repeat.
    window.addEventListener('message', function (event) {
      if (event.source !== window.parent || event.origin !== platformOrigin) return;
      if (!event.data || event.data.source !== 'hls-h5p-host' || event.data.kind !== 'hello') return;
      lastHeight = 0;
      report();
      if (state) post({ kind: state });
    });
  }

  function start() {
    var player = document.getElementById('h5p-player');
    var container = document.getElementById('h5p-container');
    if (!player || !container) return;
    watchHeight(player);
    if (container.dataset.state === 'missing') {
      tell('missing');
      return;
    }
    var runtime = container.dataset.runtime;
    new window.H5PStandalone.H5P(container, {
      id: container.dataset.packageId,
      h5pJsonPath: container.dataset.files,
      frameJs: runtime + '/frame.bundle.js',
      frameCss: runtime + '/styles/h5p.css',
      embedType: 'div',
      frame: false,
      copyright: false,
      export: false,
      embed: false,
      icon: false,
      fullScreen: false,
      translations: VIETNAMESE,
    }).then(
      function () {
        window.H5P.externalDispatcher.on('xAPI', forward);
        container.dataset.state = 'ready';
        tell('ready');
      },
      function (error) {
        console.error('Không chạy được hoạt động H5P:', error);
        container.dataset.state = 'error';
        var message = document.createElement('p');
        message.className = 'h5p-player-error';
        message.textContent =
          'Không chạy được hoạt động này. Hãy tải lại trang; nếu vẫn lỗi, báo cho giảng viên phụ trách.';
        container.replaceChildren(message);
        tell('error');
      },
    );
  }

  installMemoryStorage();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
