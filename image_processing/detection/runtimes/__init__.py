"""What runs a detection model: OpenVINO (openvino.py) for every model, OpenCV's DNN module (opencv.py) for the
shipped one where OpenVINO cannot load. Each gives the network's boxes; `Detector` (base.py) filters them the
same way for all."""
