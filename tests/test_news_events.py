"""Issue 8: meetings, ceremonies, festival days and unquoted campaigns in everyday news."""
from __future__ import annotations

import pytest

from .textcases import resolve


def entities(pipeline, text: str) -> set[tuple[str, str]]:
    return {(e.label, e.type) for e in resolve(pipeline, text).entities.values()}


@pytest.mark.parametrize("text, expected", [
    ("全省高标准农田建设现场会在衡阳召开。", ("全省高标准农田建设现场会", "Event")),
    ("第七届世界智能产业博览会在天津开幕。", ("第七届世界智能产业博览会", "Event")),
    ("第二十届中国—东盟博览会开幕。", ("第二十届中国—东盟博览会", "Event")),
    ("米兰冬奥会闭幕式在维罗纳举行。", ("米兰冬奥会闭幕式", "Event")),
    ("在今天上午举行的第六届全国119消防表彰大会上，多人受到表彰。", ("第六届全国119消防表彰大会", "Event")),
    ("中午，全国科技工作者日主场活动暨第四届全国创新争先奖表彰大会在京举行。",
     ("全国科技工作者日主场活动暨第四届全国创新争先奖表彰大会", "Event")),
    ("湖南省召开全省安全生产电视电话会议。", ("全省安全生产电视电话会议", "Event")),
    ("今天是第十个全国科技工作者日。", ("全国科技工作者日", "Event")),
    ("春节期间，全国旅游人次增长。", ("春节", "Event")),
    ("国家安全教育日当天，多地开展宣传。", ("全民国家安全教育日", "Event")),
    ("各地开展夏季治安打击整治专项行动。", ("夏季治安打击整治专项行动", "Campaign")),
    ("部署开展2026年“强国复兴有我”群众性主题宣传教育活动。", ("强国复兴有我群众性主题宣传教育活动", "Campaign")),
    ("活动现场还举行了“老科学家学术成长资料采集工程”新一批资料入藏仪式。", ("老科学家学术成长资料采集工程", "Campaign")),
    ("去年，提振消费专项行动取得积极成效。", ("提振消费专项行动", "Campaign")),
    ("托育服务质量提升专项行动将于下月启动。", ("托育服务质量提升专项行动", "Campaign")),
    ("全国人大代表张伟说，要加快发展。", ("全国人民代表大会", "Organization")),
    ("全国政协委员、经济学家李明建议，扩大内需。", ("中国人民政治协商会议全国委员会", "Organization")),
])
def test_news_event_or_campaign_found(pipeline, text, expected):
    assert expected in entities(pipeline, text)


@pytest.mark.parametrize("text, absent", [
    ("座谈会上，大家踊跃发言。", ("座谈会", "Event")),
    ("今天的发布会在北京举行。", ("今天的发布会", "Event")),
    ("开幕式在北京举行。", ("开幕式", "Event")),
    ("端午假期第二天，各地景区游人如织。", ("端午", "Event")),
    ("这是第三个工作日。", ("工作日", "Event")),
    ("这是一项系统工程，要推进各项行动。", ("系统工程", "Campaign")),
    ("这是一项“民生工程”。", ("民生工程", "Campaign")),
    ("专项行动开展以来，这项专项整治取得成效。", ("这项专项整治", "Campaign")),
    ("今年的专项活动将继续。", ("今年的专项活动", "Campaign")),
    ("湖南省人大代表参加调研。", ("全国人民代表大会", "Organization")),
    ("市政协委员和人大代表提出建议。", ("中国人民政治协商会议全国委员会", "Organization")),
])
def test_news_event_or_campaign_not_a_bare_head(pipeline, text, absent):
    found = entities(pipeline, text)
    assert absent not in found
    assert not any(label == absent[0] for label, _ in found)


@pytest.mark.parametrize("text, label", [
    ("政协第十四届全国委员会常务委员会第十五次会议2日在京闭幕。全国政协十四届常委会第十五次会议取得圆满成功。",
     "中国人民政治协商会议第十四届全国委员会常务委员会第十五次会议"),
    ("会议通过政协第十四届全国委员会第四次会议议程。要全力筹备开好全国政协十四届四次会议。",
     "中国人民政治协商会议第十四届全国委员会第四次会议"),
    ("十四届全国人大常委会第十九次会议在京闭幕。第十四届全国人民代表大会常务委员会第十九次会议通过决定。",
     "第十四届全国人民代表大会常务委员会第十九次会议"),
])
def test_a_session_named_short_and_in_full_is_one_event(pipeline, text, label):
    events = [e for e in resolve(pipeline, text).entities.values() if e.type == "Event"]
    assert [e.label for e in events] == [label] and events[0].alt_labels - {label}


def test_a_plenary_session_and_a_standing_committee_session_stay_apart(pipeline):
    text = "全国政协十四届常委会第十五次会议闭幕。全国政协十四届四次会议将在北京召开。"
    assert len([e for e in resolve(pipeline, text).entities.values() if e.type == "Event"]) == 2


@pytest.mark.parametrize("text, event", [
    ("九三学社十四届六中全会在京召开。", "九三学社十四届六中全会"),
    ("为九三学社十二大胜利召开做好准备。", "九三学社十二大"),
    ("民革十三届五中全会在京召开。", None),
    ("九三学社第十四届中央委员会第六次全体会议以线上和线下相结合的方式召开。", "九三学社第十四届中央委员会第六次全体会议"),
])
def test_other_parties_meetings_are_not_the_cpcs(pipeline, text, event):
    labels = {label for label, kind in entities(pipeline, text) if kind == "Event"}
    assert not any(label.startswith("中国共产党") for label in labels)
    if event:
        assert event in labels


def test_cpc_plenums_keep_their_canonical_name(pipeline):
    labels = {label for label, kind in entities(pipeline, "中国共产党第二十届中央委员会第一次全体会议公报。深入学习党的十九届五中全会和二十大精神。")
              if kind == "Event"}
    assert {"中国共产党第二十届中央委员会第一次全体会议", "中国共产党第十九届中央委员会第五次全体会议",
            "中国共产党第二十次全国代表大会"} <= labels
