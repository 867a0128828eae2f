"""How many pixels the pictures of a HEIF (HEIC) or AVIF file hold, read from their HEVC and AV1 bitstreams
rather than from the size the file's header claims: a file may claim 100x100 and hold 16000x16000, which
the decoder would allocate. Only the boxes and parameter sets needed for the sizes are read (ISO/IEC 14496-12
boxes, HEVC sequence parameter sets, AV1 sequence headers); a file whose parts overlap or repeat is refused
as damaged, so reading costs at most the file's size.
"""

import contextlib
import struct
from collections.abc import Iterator
from typing import BinaryIO

_HEVC_SPS, _AV1_SEQUENCE_HEADER = 33, 1  # NAL unit and OBU types


def coded_pixels(stream: BinaryIO) -> int:
    """The most pixels of any picture in a HEIF or AVIF file as its HEVC or AV1 stream codes it: what the
    decoder allocates, whatever the image header (`ispe`, the size Pillow reports) claims; libavif even
    scales a decoded picture down to the claim. Read from what the decoders are given: each item's bytes,
    for HEVC with the parameter sets of the hvcC properties, and the first sample of each AV1 track (libavif
    decodes an AVIF sequence's first frame from its track)."""
    stream.seek(0)
    data = stream.read()
    try:
        return max((width * height for width, height in _coded_sizes(data)), default=0)
    except (KeyError, IndexError, struct.error) as error:
        raise ValueError("unreadable HEIF structure") from error


def _coded_sizes(data: bytes) -> Iterator[tuple[int, int]]:
    top = {}
    with contextlib.suppress(ValueError, struct.error):  # what follows a damaged box, no decoder reads
        for kind, start, end in _boxes(data, 0, len(data)):
            top.setdefault(kind, (start, end))
    if b"meta" in top:
        yield from _item_sizes(data, *top[b"meta"])
    for track in _all(data, top.get(b"moov", (0, 0)), b"trak"):
        samples = _inside(data, track, b"mdia", b"minf", b"stbl")
        entry = _inside(data, samples, b"stsd")[0] + 8  # after a full box and a count: the first sample entry
        if data[entry + 4 : entry + 8] == b"av01":
            yield from _av1_sizes(_first_sample(data, samples))


def _item_sizes(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    boxes = {kind: (start, end) for kind, start, end in _boxes(data, start + 4, end)}  # meta is a full box
    types = _item_types(data, *boxes[b"iinf"])
    sources = {0: data, 1: data[slice(*boxes[b"idat"])] if b"idat" in boxes else b""}  # by construction method
    coded = {}  # each HEVC or AV1 item's type, by its extents: items sharing their bytes are read once
    for item, extents in _item_extents(data, *boxes[b"iloc"], sources):
        if types.get(item) in (b"av01", b"hvc1"):
            coded[extents] = types[item]
    if sum(length for extents in coded for _, _, length in extents) > len(data):
        raise ValueError("coded items overlap")  # reading them would cost many times the file
    for extents, kind in coded.items():
        content = b"".join(sources[method][offset : offset + length] for method, offset, length in extents)
        yield from _av1_sizes(content) if kind == b"av01" else _hevc_sizes(_hevc_nals(content))
    for properties in _all(data, boxes.get(b"iprp", (0, 0)), b"ipco"):
        for config in _all(data, properties, b"hvcC"):
            yield from _hevc_sizes(_hvcc_nals(data, *config))


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """Each ISO-BMFF box from start to end: its type, and where its content starts and ends."""
    while start < end:
        size, kind = struct.unpack_from(">I4s", data, start)
        header = 8
        if size == 1:
            (size,), header = struct.unpack_from(">Q", data, start + 8), 16
        elif size == 0:  # up to the end
            size = end - start
        if not header <= size <= end - start:
            raise ValueError("a box overruns its parent")
        yield kind, start + header, start + size
        start += size


def _all(data: bytes, parent: tuple[int, int], kind: bytes) -> list[tuple[int, int]]:
    return [(start, end) for found, start, end in _boxes(data, *parent) if found == kind]


def _inside(data: bytes, box: tuple[int, int], *path: bytes) -> tuple[int, int]:
    """The first box of the path's first type in box, the first of the next type in that, and so on."""
    for kind in path:
        box = next(((start, end) for found, start, end in _boxes(data, *box) if found == kind), None)
        if box is None:
            raise ValueError(f"no {kind.decode()} box")
    return box


def _first_sample(data: bytes, samples: tuple[int, int]) -> bytes:
    """A track's first sample, from its sample table: the first of its first chunk."""
    boxes = {kind: (start, end) for kind, start, end in _boxes(data, *samples)}
    read = _Fields(data, *boxes[b"stsz"])
    read(4)  # version and flags
    size, count = read(4), read(4)  # a size for every sample, or 0 and then each one's
    if count == 0:
        return b""
    size = size or read(4)
    read = _Fields(data, *boxes[b"stco" if b"stco" in boxes else b"co64"])
    read(4 + 4)  # version and flags, count
    offset = read(4 if b"stco" in boxes else 8)
    return data[offset : offset + size]


def _item_types(data: bytes, start: int, end: int) -> dict[int, bytes]:
    """Each item's type, from the iinf box: a full box, an entry count, then an infe box per item."""
    types = {}
    for kind, at, _ in _boxes(data, start + (6 if data[start] == 0 else 8), end):
        version = data[at]
        if kind == b"infe" and version >= 2:  # earlier versions have no type
            id_size = 2 if version == 2 else 4
            types[int.from_bytes(data[at + 4 : at + 4 + id_size])] = data[at + 6 + id_size : at + 10 + id_size]
    return types


def _item_extents(
    data: bytes, start: int, end: int, sources: dict[int, bytes]
) -> Iterator[tuple[int, tuple[tuple[int, int, int], ...]]]:
    """Each item's (construction method, offset, length) extents, from the iloc box. Method 0 reads the file,
    1 the idat box; the decoders read no other."""
    read = _Fields(data, start, end)
    version = read(4) >> 24
    offset_size, length_size = divmod(read(1), 16)
    base_offset_size, index_size = divmod(read(1), 16)
    index_size = index_size if version else 0
    for _ in range(read(4 if version == 2 else 2)):
        item = read(4 if version == 2 else 2)
        method = read(2) & 15 if version else 0
        read(2)  # data reference
        base = read(base_offset_size)
        extents = []
        for _ in range(read(2)):
            read(index_size)
            offset, length = base + read(offset_size), read(length_size)
            source = sources.get(method, b"")
            offset = min(offset, len(source))
            extents.append((method, offset, min(length or len(source), len(source) - offset)))
        yield item, tuple(extents)


def _hvcc_nals(data: bytes, start: int, end: int) -> Iterator[bytes]:
    """The NAL units in an hvcC box: after 22 bytes of settings, arrays of parameter sets."""
    read = _Fields(data, start, end)
    read(22)
    for _ in range(read(1)):
        read(1)  # the array's NAL unit type
        for _ in range(read(2)):
            yield read.take(read(2))


def _hevc_nals(content: bytes) -> Iterator[bytes]:
    """The NAL units of an HEVC item, each after its length in 4 bytes (libheif hands libde265 the same)."""
    read = _Fields(content, 0, len(content))
    while read.at < len(content):
        yield read.take(read(4))


def _hevc_sizes(nals: Iterator[bytes]) -> Iterator[tuple[int, int]]:
    return (_hevc_size(nal) for nal in nals if nal[:1] and nal[0] >> 1 & 63 == _HEVC_SPS)


def _hevc_size(sps: bytes) -> tuple[int, int]:
    """The picture size of an HEVC sequence parameter set (H.265 7.3.2.2), read from its first 512 bytes."""
    bits = _Bits(sps[2:600].replace(b"\x00\x00\x03", b"\x00\x00")[:512])  # without emulation prevention
    bits(4)  # video parameter set
    sub_layers = bits(3)
    bits(1 + 88 + 8)  # temporal id nesting; general profile, tier and level
    present = [(bits(1), bits(1)) for _ in range(sub_layers)]
    bits(2 * (8 - sub_layers) if sub_layers else 0)
    for profile, level in present:
        bits(88 * profile + 8 * level)
    bits.golomb()  # the set's id
    if bits.golomb() == 3:  # chroma 4:4:4
        bits(1)  # separate colour planes
    return bits.golomb(), bits.golomb()


def _av1_sizes(content: bytes) -> Iterator[tuple[int, int]]:
    return (_av1_size(obu) for kind, obu in _av1_obus(content) if kind == _AV1_SEQUENCE_HEADER)


def _av1_obus(content: bytes) -> Iterator[tuple[int, bytes]]:
    """Each OBU of an AV1 item: its type and payload (AV1 5.3)."""
    read = _Fields(content, 0, len(content))
    while read.at < len(content):
        header = read(1)
        read(1 if header & 4 else 0)  # extension
        size = _leb128(read) if header & 2 else len(content) - read.at
        yield header >> 3 & 15, read.take(size)


def _leb128(read: "_Fields") -> int:
    value = 0
    for index in range(8):
        byte = read(1)
        value |= (byte & 127) << 7 * index
        if byte < 128:
            return value
    raise ValueError("an AV1 size over 8 bytes")


def _av1_size(sequence_header: bytes) -> tuple[int, int]:
    """The largest frame size of an AV1 sequence header (AV1 5.5), read from its first 512 bytes."""
    bits = _Bits(sequence_header[:512])
    bits(3 + 1)  # profile, still picture
    if bits(1):  # reduced still picture header
        bits(5)  # level
    else:
        decoder_model = delay_size = 0
        if bits(1):  # timing info
            bits(32 + 32)
            if bits(1):  # equal picture interval
                bits.golomb()
            decoder_model = bits(1)
            if decoder_model:
                delay_size = bits(5) + 1
                bits(32 + 5 + 5)
        display_delay = bits(1)
        for _ in range(bits(5) + 1):  # operating points
            bits(12)  # idc
            if bits(5) > 7:  # level
                bits(1)  # tier
            if decoder_model and bits(1):
                bits(2 * delay_size + 1)
            if display_delay and bits(1):
                bits(4)
    width_bits, height_bits = bits(4) + 1, bits(4) + 1
    return bits(width_bits) + 1, bits(height_bits) + 1


class _Fields:
    """Big-endian fields of whole bytes, read one after another from data[start:end]."""

    def __init__(self, data: bytes, start: int, end: int):
        self.data, self.at, self.end = data, start, end

    def take(self, size: int) -> bytes:
        if self.at + size > self.end:
            raise ValueError("a field runs past its box")
        self.at += size
        return self.data[self.at - size : self.at]

    def __call__(self, size: int) -> int:
        return int.from_bytes(self.take(size))


class _Bits:
    """Fields of bits, read one after another, most significant first."""

    def __init__(self, data: bytes):
        self.value, self.left = int.from_bytes(data), 8 * len(data)

    def __call__(self, count: int) -> int:
        if count > self.left:
            raise ValueError("a header ends early")
        self.left -= count
        return self.value >> self.left & (1 << count) - 1

    def golomb(self) -> int:
        """An unsigned exp-Golomb code: HEVC's ue(v), AV1's uvlc()."""
        zeros = 0
        while not self(1):
            zeros += 1
            if zeros == 32:
                raise ValueError("an exp-Golomb code over 32 bits")
        return (1 << zeros) - 1 + self(zeros)
