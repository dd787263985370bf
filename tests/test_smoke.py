from tests.conftest import CORPUS


def test_fake_index_finds_the_passage_with_the_asked_figure(fake_assistant):
    passages = fake_assistant.search("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", k=3)
    assert any("1.230" in p.text for p in passages)
    assert all(p.article_id in {f.stem for f in CORPUS.glob('*.txt')} for p in passages)
