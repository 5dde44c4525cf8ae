// The desk's camera, where the browser allows it (progressive
// enhancement): a phone's camera reads the household card's QR code into
// the search field and sends it. Without it (no BarcodeDetector, no
// camera, permission refused) the page works as before: a USB barcode
// reader, or the card's text typed.
(function () {
  var form = document.querySelector('form.desk-find');
  if (!form || !('BarcodeDetector' in window) || !navigator.mediaDevices) return;
  var input = form.querySelector('input[name="q"]');
  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = form.getAttribute('data-camera') || 'Camera';
  form.appendChild(button);
  button.addEventListener('click', function () {
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      var video = document.createElement('video');
      video.setAttribute('playsinline', '');
      video.muted = true;
      video.srcObject = stream;
      form.appendChild(video);
      video.play();
      var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.remove(); };
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length > 0) {
            input.value = codes[0].rawValue;
            stop();
            form.submit();
          } else {
            setTimeout(look, 250);
          }
        }).catch(function () { stop(); });
      };
      look();
    }).catch(function () { button.remove(); });
  });
})();
